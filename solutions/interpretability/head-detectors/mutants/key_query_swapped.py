"""Reads the pattern as [head, key, query]: previous-token uses the super-diagonal, first-token row 0."""
import numpy as np


def head_scores(pattern):
    prev = np.diagonal(pattern, offset=1, axis1=1, axis2=2).mean(axis=-1)
    current = np.diagonal(pattern, offset=0, axis1=1, axis2=2).mean(axis=-1)
    first = pattern[:, 0, :].mean(axis=-1)
    return prev, current, first
