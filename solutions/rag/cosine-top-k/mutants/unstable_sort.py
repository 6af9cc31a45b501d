"""Sorts with the default np.argsort(-scores), which is not stable: ties among more than 16 rows come out in any order."""
import numpy as np


def top_k_cosine(q, D, k):
    if k < 1:
        raise ValueError("k must be at least 1")
    denom = np.linalg.norm(D, axis=1) * np.linalg.norm(q)
    dots = D @ q
    scores = np.divide(dots, denom, out=np.zeros_like(dots), where=denom > 0)
    order = np.argsort(-scores)[:k]
    return order, scores[order]
