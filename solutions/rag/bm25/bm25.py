"""BM25 scores of every document for a query: the sparse, lexical half of hybrid retrieval.

Source: Robertson & Zaragoza 2009, "The Probabilistic Relevance Framework: BM25 and Beyond".
idf="lucene" is Lucene's ln(1 + (N - n + 0.5) / (n + 0.5)); idf="okapi" reproduces the rank_bm25
package's BM25Okapi (raw Robertson-Sparck Jones idf, negative values replaced by 0.25 * mean idf).
"""
import math
from collections import Counter

import numpy as np

EPSILON = 0.25  # rank_bm25's BM25Okapi default


def _idf_table(doc_freq: Counter, N: int, idf: str) -> dict:
    if idf == "lucene":
        return {t: math.log(1.0 + (N - n + 0.5) / (n + 0.5)) for t, n in doc_freq.items()}  # always > 0
    if idf == "okapi":
        raw = {t: math.log(N - n + 0.5) - math.log(n + 0.5) for t, n in doc_freq.items()}  # < 0 when n > N/2
        floor = EPSILON * sum(raw.values()) / len(raw)  # mean over the whole corpus vocabulary
        return {t: (floor if v < 0 else v) for t, v in raw.items()}
    raise ValueError(f"idf must be 'lucene' or 'okapi', got {idf!r}")


def bm25_scores(query_tokens: list, docs_tokens: list, k1: float = 1.5, b: float = 0.75, idf: str = "lucene") -> np.ndarray:
    N = len(docs_tokens)
    if N == 0:
        raise ValueError("need at least one document")
    doc_len = np.array([len(d) for d in docs_tokens], dtype=np.float64)  # (N,)
    avgdl = doc_len.mean()
    if avgdl == 0:
        raise ValueError("every document is empty")
    tfs = [Counter(d) for d in docs_tokens]  # term frequencies per document
    doc_freq = Counter(t for tf in tfs for t in tf)  # n(t): documents containing t
    idf_of = _idf_table(doc_freq, N, idf)
    norm = k1 * (1.0 - b + b * doc_len / avgdl)  # (N,): long documents need more matches
    scores = np.zeros(N)
    for q in query_tokens:  # a repeated query token counts each time, as in rank_bm25
        if q not in idf_of:
            continue  # a term of no document matches nothing
        f = np.array([tf[q] for tf in tfs], dtype=np.float64)  # (N,)
        # saturates at idf * (k1 + 1); f = 0 contributes 0, even for an empty document with b = 1 (norm = 0)
        scores += idf_of[q] * np.divide(f * (k1 + 1.0), f + norm, out=np.zeros(N), where=f > 0)
    return scores
