"""Warms up with step * warmup**-0.5 instead of warmup**-1.5: the branches no longer meet at the peak."""


def noam_lr(step, d_model, warmup, factor=1.0):
    if step < 1:
        raise ValueError("step must be >= 1")
    return factor * d_model ** -0.5 * min(step ** -0.5, step * warmup ** -0.5)
