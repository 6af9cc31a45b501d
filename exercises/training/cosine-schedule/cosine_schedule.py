"""Linear warmup then cosine decay. See README.md for the statement."""
import math


def cosine_lr(it: int, warmup: int, decay_iters: int, lr_max: float, lr_min: float) -> float:
    """Learning rate at iteration `it` (0-based), exactly as nanoGPT's get_lr.

    it: int >= 0, the training iteration.
    warmup: int >= 0, iterations of linear warmup; warmup < decay_iters.
    decay_iters: the iteration at which the cosine reaches lr_min.
    lr_max, lr_min: floats with 0 <= lr_min <= lr_max.
    Returns a Python float.
    """
    # TODO: three branches: it < warmup (linear), it > decay_iters (lr_min), cosine in between.
    raise NotImplementedError("cosine_lr is not implemented yet")
