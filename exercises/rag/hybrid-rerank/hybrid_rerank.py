"""Reciprocal rank fusion and maximal marginal relevance. See README.md for the statement."""
import numpy as np


def reciprocal_rank_fusion(rankings: list, k: int = 60) -> list:
    """Fuse rankings (lists of int ids, best first) by sum of 1 / (k + rank), ranks 1-based.

    Returns [(doc_id, score), ...] sorted by score descending, ties to the smaller id.
    """
    # TODO: accumulate scores in a dict, then sort by (-score, doc_id).
    raise NotImplementedError("reciprocal_rank_fusion is not implemented yet")


def mmr(q: np.ndarray, docs: np.ndarray, k: int, lam: float = 0.5) -> np.ndarray:
    """Maximal marginal relevance: select min(k, N) rows of docs (N, d) for the query q (d,).

    Returns an int array of the selected row indices in selection order.
    """
    # TODO: cosine relevance (N,) and document similarity (N, N), zero vectors give 0;
    # then greedily pick argmax of lam * relevance - (1 - lam) * max similarity to the picked ones.
    raise NotImplementedError("mmr is not implemented yet")
