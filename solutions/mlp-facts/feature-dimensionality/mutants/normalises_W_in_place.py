"""Divides the columns of W by their norms in place (W[:, alive] /= norms), changing the caller's W."""
import numpy as np


def feature_dimensionality(W):
    norms = np.linalg.norm(W, axis=0)  # (F,)
    alive = norms > 0
    W[:, alive] /= norms[alive]  # W now holds the unit vectors W_hat (and so does the caller's array)
    overlaps = (W.T @ W) * norms[None, :]  # [i, j] = W_hat_i . W_j
    out = np.zeros(W.shape[1])
    out[alive] = norms[alive] ** 2 / (overlaps[alive] ** 2).sum(axis=1)
    return out
