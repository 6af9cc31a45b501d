"""Uses the unbiased variance (divides by D - 1) instead of the biased one."""
import numpy as np


def layer_norm(x, w, b, eps=1e-5):
    mu = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, ddof=1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b
