"""Treats step 0 as step 1 (the Annotated Transformer's habit) instead of raising ValueError."""


def noam_lr(step, d_model, warmup, factor=1.0):
    step = max(step, 1)
    return factor * d_model ** -0.5 * min(step ** -0.5, step * warmup ** -1.5)
