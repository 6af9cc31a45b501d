"""Counts steps from 0 and adds one inside the formula: every rate is that of the next step."""


def noam_lr(step, d_model, warmup, factor=1.0):
    if step < 0:
        raise ValueError("step must be >= 0")
    s = step + 1
    return factor * d_model ** -0.5 * min(s ** -0.5, s * warmup ** -1.5)
