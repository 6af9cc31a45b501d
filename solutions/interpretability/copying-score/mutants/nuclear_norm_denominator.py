"""Divides by the sum of singular values (nuclear norm) instead of the sum of |eigenvalues|."""
import numpy as np


def copying_score(W_E, W_V, W_O, W_U):
    small = W_O @ W_U @ W_E @ W_V
    total = np.linalg.svd(small, compute_uv=False).sum()
    if total == 0.0:
        return 0.0
    return float(np.trace(small) / total)
