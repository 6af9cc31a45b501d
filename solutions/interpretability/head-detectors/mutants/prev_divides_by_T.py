"""Previous-token score divides the sub-diagonal sum by T instead of T-1."""
import numpy as np


def head_scores(pattern):
    T = pattern.shape[-1]
    prev = np.diagonal(pattern, offset=-1, axis1=1, axis2=2).sum(axis=-1) / T
    current = np.diagonal(pattern, offset=0, axis1=1, axis2=2).mean(axis=-1)
    first = pattern[:, :, 0].mean(axis=-1)
    return prev, current, first
