"""Divides the triangle by np.arange(1, T + 1) without a new axis: broadcasting scales columns, not rows."""
import numpy as np


def prefix_mean(x):
    T = x.shape[1]
    wei = np.tril(np.ones((T, T))) / np.arange(1, T + 1)
    return wei @ x
