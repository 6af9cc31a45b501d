"""Subtracts the max and exponentiates in place (x -= m), overwriting the caller's array."""
import numpy as np


def softmax(x, axis=-1):
    x -= np.max(x, axis=axis, keepdims=True)  # save memory: reuse x
    np.exp(x, out=x)
    x /= np.sum(x, axis=axis, keepdims=True)
    return x
