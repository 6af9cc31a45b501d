"""Defaults topn to 10 (as gensim's most_similar does) instead of the statement's 1."""
import numpy as np


def analogy(E, vocab, a, b, c, topn=10):
    index = {w: i for i, w in enumerate(vocab)}
    ia, ib, ic = index[a], index[b], index[c]
    norms = np.linalg.norm(E, axis=1, keepdims=True)
    U = np.divide(E, norms, out=np.zeros_like(E, dtype=float), where=norms > 0)
    t = U[ib] - U[ia] + U[ic]
    nt = np.linalg.norm(t)
    scores = U @ t / nt if nt > 0 else np.zeros(len(vocab))
    order = [i for i in np.argsort(-scores, kind="stable") if i not in (ia, ib, ic)]
    return [(vocab[i], float(scores[i])) for i in order[:topn]]
