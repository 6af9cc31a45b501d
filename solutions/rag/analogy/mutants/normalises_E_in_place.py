"""Normalises the rows of the caller's E in place (`E /= norms`) instead of into a new array."""
import numpy as np


def analogy(E, vocab, a, b, c, topn=1):
    index = {w: i for i, w in enumerate(vocab)}
    ia, ib, ic = index[a], index[b], index[c]
    norms = np.linalg.norm(E, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    E /= norms
    t = E[ib] - E[ia] + E[ic]
    nt = np.linalg.norm(t)
    scores = E @ t / nt if nt > 0 else np.zeros(len(vocab))
    order = [i for i in np.argsort(-scores, kind="stable") if i not in (ia, ib, ic)]
    return [(vocab[i], float(scores[i])) for i in order[:topn]]
