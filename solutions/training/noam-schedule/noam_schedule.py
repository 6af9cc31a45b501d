"""The Noam learning-rate schedule: linear warmup, then inverse square-root decay.

Source: Vaswani et al. 2017, "Attention Is All You Need", section 5.3, equation (3); the `rate`
function of Harvard NLP's "The Annotated Transformer" (with a `factor` in front).
"""


def noam_lr(step: int, d_model: int, warmup: int, factor: float = 1.0) -> float:
    if step < 1:
        # step 0 would divide by zero in step**-0.5: steps count from 1, as in the paper
        raise ValueError(f"step must be >= 1, got {step}")
    if warmup < 1:
        raise ValueError(f"warmup must be >= 1, got {warmup}")
    # the two branches meet at step == warmup, where both equal warmup**-0.5: that is the peak
    return factor * d_model ** -0.5 * min(step ** -0.5, step * warmup ** -1.5)
