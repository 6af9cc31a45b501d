"""BM25 scoring. See README.md for the statement."""
import numpy as np


def bm25_scores(query_tokens: list, docs_tokens: list, k1: float = 1.5, b: float = 0.75, idf: str = "lucene") -> np.ndarray:
    """BM25 score of every document for the query.

    query_tokens: list of str (repeats count). docs_tokens: list of N documents, each a list of str.
    idf: "lucene" (ln(1 + (N - n + .5) / (n + .5))) or "okapi" (rank_bm25's BM25Okapi).
    Returns a float array of shape (N,).
    """
    # TODO: document lengths and avgdl, term frequencies per document, document frequencies n(t),
    # the idf table, then sum the saturated term scores over the query tokens.
    raise NotImplementedError("bm25_scores is not implemented yet")
