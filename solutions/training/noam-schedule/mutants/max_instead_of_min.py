"""Takes the max of the two branches: the rate grows without bound after warmup."""


def noam_lr(step, d_model, warmup, factor=1.0):
    if step < 1:
        raise ValueError("step must be >= 1")
    return factor * d_model ** -0.5 * max(step ** -0.5, step * warmup ** -1.5)
