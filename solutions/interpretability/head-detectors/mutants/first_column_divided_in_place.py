"""Divides the column view pattern[:, :, 0] by T in place, so the caller's pattern is changed."""
import numpy as np


def head_scores(pattern):
    H, T, _ = pattern.shape
    prev = np.diagonal(pattern, offset=-1, axis1=1, axis2=2).mean(axis=-1)
    current = np.diagonal(pattern, offset=0, axis1=1, axis2=2).mean(axis=-1)
    col = pattern[:, :, 0]  # a view, not a copy
    col /= T
    first = col.sum(axis=-1)
    return prev, current, first
