"""Hybrid retrieval: fuse several rankings with reciprocal rank fusion, and re-rank for diversity with
maximal marginal relevance.

Sources: Cormack, Clarke & Buettcher 2009, "Reciprocal Rank Fusion outperforms Condorcet and
individual Rank Learning Methods" (k = 60); Carbonell & Goldstein 1998, "The Use of MMR,
Diversity-Based Reranking for Reordering Documents and Producing Summaries".
"""
import numpy as np


def reciprocal_rank_fusion(rankings: list, k: int = 60) -> list:
    scores = {}
    for ranking in rankings:  # summed in the order the rankings are given
        for rank, doc in enumerate(ranking, start=1):  # ranks are 1-based
            scores[doc] = scores.get(doc, 0.0) + 1.0 / (k + rank)
    # best score first; equal scores go to the smaller id
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


def _unit_rows(X):
    norms = np.linalg.norm(X, axis=-1, keepdims=True)
    return np.divide(X, norms, out=np.zeros_like(X, dtype=np.float64), where=norms > 0)  # zero rows stay zero


def mmr(q: np.ndarray, docs: np.ndarray, k: int, lam: float = 0.5) -> np.ndarray:
    Q = _unit_rows(np.asarray(q, dtype=np.float64)[None, :])[0]  # (d,)
    U = _unit_rows(np.asarray(docs, dtype=np.float64))  # (N, d)
    relevance = U @ Q  # (N,) cosine with the query
    similarity = U @ U.T  # (N, N) cosine between documents
    N = U.shape[0]
    selected = []
    redundancy = np.zeros(N)  # max similarity to anything selected so far (0 while nothing is)
    available = np.ones(N, dtype=bool)
    for _ in range(min(k, N)):
        score = lam * relevance - (1.0 - lam) * redundancy  # (N,)
        score = np.where(available, score, -np.inf)
        best = int(np.argmax(score))  # argmax returns the lowest index among ties
        selected.append(best)
        available[best] = False
        redundancy = np.maximum(redundancy, similarity[:, best]) if len(selected) > 1 else similarity[:, best].copy()
    return np.array(selected, dtype=np.int64)
