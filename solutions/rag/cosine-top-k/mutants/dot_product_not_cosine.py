"""Ranks by the raw dot product, forgetting to divide by the document norms."""
import numpy as np


def top_k_cosine(q, D, k):
    if k < 1:
        raise ValueError("k")
    dots = D @ q
    nq = np.linalg.norm(q)
    scores = dots / nq if nq > 0 else np.zeros_like(dots)
    order = np.argsort(-scores, kind="stable")[:k]
    return order, scores[order]
