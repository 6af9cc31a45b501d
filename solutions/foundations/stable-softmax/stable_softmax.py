"""Numerically stable softmax (the normaliser of every attention row).

Source: Vaswani et al. 2017, eq. 1; the max-shift trick as in numpy/scipy.special.softmax.
"""
import numpy as np


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    m = np.max(x, axis=axis, keepdims=True)  # same rank as x, size 1 along axis
    e = np.exp(x - m)  # every exponent <= 0: no overflow at +-1e4
    return e / np.sum(e, axis=axis, keepdims=True)  # the max entry contributes 1, so the sum is >= 1
