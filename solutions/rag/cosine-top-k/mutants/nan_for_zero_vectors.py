"""Divides by the norms unguarded: a zero vector gives nan instead of 0."""
import numpy as np


def top_k_cosine(q, D, k):
    if k < 1:
        raise ValueError("k")
    with np.errstate(all="ignore"):
        scores = (D @ q) / (np.linalg.norm(D, axis=1) * np.linalg.norm(q))
    order = np.argsort(-scores, kind="stable")[:k]
    return order, scores[order]
