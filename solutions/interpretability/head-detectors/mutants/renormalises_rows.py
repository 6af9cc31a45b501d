"""Renormalises every row to sum to 1 before scoring, though rows need not sum to 1."""
import numpy as np


def head_scores(pattern):
    pattern = pattern / pattern.sum(-1, keepdims=True)
    prev = np.diagonal(pattern, offset=-1, axis1=1, axis2=2).mean(axis=-1)
    current = np.diagonal(pattern, offset=0, axis1=1, axis2=2).mean(axis=-1)
    first = pattern[:, :, 0].mean(axis=-1)
    return prev, current, first
