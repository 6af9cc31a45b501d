"""Raises only for k == 0: a negative k silently returns all but the last |k| rows."""
import numpy as np


def top_k_cosine(q, D, k):
    if k == 0:
        raise ValueError("k must be at least 1")
    denom = np.linalg.norm(D, axis=1) * np.linalg.norm(q)
    dots = D @ q
    scores = np.divide(dots, denom, out=np.zeros_like(dots), where=denom > 0)
    order = np.argsort(-scores, kind="stable")[:k]
    return order, scores[order]
