"""Normalises the caller's document matrix in place (`D /= norms`) before scoring."""
import numpy as np


def top_k_cosine(q, D, k):
    if k < 1:
        raise ValueError("k must be at least 1")
    norms = np.linalg.norm(D, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    D /= norms
    nq = np.linalg.norm(q)
    scores = D @ q / nq if nq > 0 else np.zeros(len(D))
    order = np.argsort(-scores, kind="stable")[:k]
    return order, scores[order]
