"""Leaves the feature itself out of the denominator: an isolated feature divides by zero."""
import numpy as np


def feature_dimensionality(W):
    G = W.T @ W
    sq = np.diag(G).copy()
    denom = (G ** 2).sum(axis=1) - sq ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(sq > 0, sq ** 2 / denom, 0.0)
