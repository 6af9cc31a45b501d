"""No guard for a zero column: 0 / 0 gives NaN."""
import numpy as np


def feature_dimensionality(W):
    norms = np.linalg.norm(W, axis=0)
    W_hat = W / norms
    with np.errstate(divide="ignore", invalid="ignore"):
        return norms ** 2 / ((W_hat.T @ W) ** 2).sum(axis=1)
