"""The Noam learning-rate schedule. See README.md for the statement."""


def noam_lr(step: int, d_model: int, warmup: int, factor: float = 1.0) -> float:
    """Learning rate at training step `step` (1-based) of the original Transformer's schedule.

    step: int >= 1 (step 0 or below raises ValueError).
    d_model: the model width, int >= 1.
    warmup: the number of warmup steps, int >= 1.
    factor: a constant multiplier.
    Returns a Python float.
    """
    # TODO: factor * d_model**-0.5 * min(step**-0.5, step * warmup**-1.5); raise ValueError for step < 1.
    raise NotImplementedError("noam_lr is not implemented yet")
