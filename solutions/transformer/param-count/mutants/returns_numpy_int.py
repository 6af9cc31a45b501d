"""Adds up the table with np.sum: the count comes back as a numpy.int64, not a Python int."""
import numpy as np


def count_params(V, n_ctx, d, L, d_mlp, tied=True):
    per_block = np.array([2 * d, 3 * d * d + 3 * d, d * d + d, 2 * d, d * d_mlp + d_mlp, d_mlp * d + d])
    parts = np.array([V * d, n_ctx * d, L * per_block.sum(), 2 * d, 0 if tied else V * d])
    return np.sum(parts)
