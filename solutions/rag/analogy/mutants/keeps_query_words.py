"""Only excludes the word `c`, so `b` (e.g. "king") can be returned."""
import numpy as np


def analogy(E, vocab, a, b, c, topn=1):
    index = {w: i for i, w in enumerate(vocab)}
    for w in (a, b, c):
        if w not in index:
            raise KeyError(w)
    E = np.asarray(E, dtype=float)
    norms = np.linalg.norm(E, axis=1, keepdims=True)
    U = np.divide(E, norms, out=np.zeros_like(E), where=norms > 0)
    t = U[index[b]] - U[index[a]] + U[index[c]]
    n = np.linalg.norm(t)
    s = U @ t / n if n > 0 else np.zeros(len(vocab))
    order = [int(i) for i in np.argsort(-s, kind="stable") if int(i) != index[c]][:topn]
    return [(vocab[i], float(s[i])) for i in order]
