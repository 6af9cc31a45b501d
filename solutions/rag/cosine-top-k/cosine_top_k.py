"""Dense retrieval: the k documents whose embeddings have the highest cosine similarity to the query.

Source: "RAG From Scratch" (Towards AI), the retrieval step: embed the query, compare it with every
chunk embedding by cosine similarity, keep the best k.
"""
import numpy as np


def cosine_scores(q: np.ndarray, D: np.ndarray) -> np.ndarray:
    q = np.asarray(q, dtype=np.float64)  # (d,)
    D = np.asarray(D, dtype=np.float64)  # (N, d)
    denom = np.linalg.norm(D, axis=1) * np.linalg.norm(q)  # (N,)
    dots = D @ q  # (N,)
    return np.divide(dots, denom, out=np.zeros_like(dots), where=denom > 0)  # a zero vector scores 0


def top_k_cosine(q: np.ndarray, D: np.ndarray, k: int):
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    scores = cosine_scores(q, D)  # (N,)
    order = np.argsort(-scores, kind="stable")[:k]  # descending; stable keeps ties in index order
    return order.astype(np.int64), scores[order]
