"""Uses the offset i - j (query minus key) instead of j - i, mirroring the tables."""
import numpy as np


def relative_index(Tq, Tk, k):
    return np.clip(np.arange(Tq)[:, None] - np.arange(Tk)[None, :], -k, k) + k


def relative_attention(x, Wq, Wk, Wv, aK, aV, k):
    T, dz = x.shape[0], Wq.shape[1]
    q, kk, v = x @ Wq, x @ Wk, x @ Wv
    idx = relative_index(T, T, k)
    e = (q @ kk.T + np.einsum("id,ijd->ij", q, aK[idx])) / np.sqrt(dz)
    e = np.exp(e - e.max(axis=-1, keepdims=True))
    alpha = e / e.sum(axis=-1, keepdims=True)
    return alpha @ v + np.einsum("ij,ijd->id", alpha, aV[idx])
