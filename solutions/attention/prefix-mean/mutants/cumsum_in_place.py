"""Accumulates into the caller's x (np.cumsum(..., out=x), then x /= counts) to save memory."""
import numpy as np


def prefix_mean(x):
    T = x.shape[1]
    np.cumsum(x, axis=1, out=x)
    x /= np.arange(1, T + 1)[None, :, None]
    return x
