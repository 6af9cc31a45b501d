"""Sorts with np.argsort(scores)[::-1], which puts tied rows in reverse index order."""
import numpy as np


def top_k_cosine(q, D, k):
    if k < 1:
        raise ValueError("k")
    dots = D @ q
    denom = np.linalg.norm(D, axis=1) * np.linalg.norm(q)
    scores = np.divide(dots, denom, out=np.zeros_like(dots), where=denom > 0)
    order = np.argsort(scores, kind="stable")[::-1][:k]
    return order, scores[order]
