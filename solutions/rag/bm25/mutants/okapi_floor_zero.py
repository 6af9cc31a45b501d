"""Clips negative okapi idf to 0 instead of replacing it by 0.25 * mean idf."""
import math
from collections import Counter

import numpy as np


def bm25_scores(query_tokens, docs_tokens, k1=1.5, b=0.75, idf="lucene"):
    N = len(docs_tokens)
    if N == 0:
        raise ValueError("no documents")
    dl = np.array([len(d) for d in docs_tokens], dtype=float)
    if dl.mean() == 0:
        raise ValueError("empty")
    tfs = [Counter(d) for d in docs_tokens]
    df = Counter(t for tf in tfs for t in tf)
    if idf == "lucene":
        table = {t: math.log(1 + (N - n + 0.5) / (n + 0.5)) for t, n in df.items()}
    elif idf == "okapi":
        table = {t: max(0.0, math.log((N - n + 0.5) / (n + 0.5))) for t, n in df.items()}
    else:
        raise ValueError(idf)
    norm = k1 * (1 - b + b * dl / dl.mean())
    s = np.zeros(N)
    for q in query_tokens:
        if q in table:
            f = np.array([tf[q] for tf in tfs], dtype=float)
            s += table[q] * np.divide(f * (k1 + 1), f + norm, out=np.zeros(N), where=f > 0)
    return s
