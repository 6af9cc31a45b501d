"""Adds a^K to the query side, (q_i + a^K_ij) . k_j, instead of to the key side, q_i . (k_j + a^K_ij)."""
import numpy as np


def relative_index(Tq, Tk, k):
    return np.clip(np.arange(Tk)[None, :] - np.arange(Tq)[:, None], -k, k) + k


def relative_attention(x, Wq, Wk, Wv, aK, aV, k):
    T, dz = x.shape[0], Wq.shape[1]
    q, kk, v = x @ Wq, x @ Wk, x @ Wv
    idx = relative_index(T, T, k)
    e = (q @ kk.T + np.einsum("ijd,jd->ij", aK[idx], kk)) / np.sqrt(dz)
    e = np.exp(e - e.max(axis=-1, keepdims=True))
    alpha = e / e.sum(axis=-1, keepdims=True)
    return alpha @ v + np.einsum("ij,ijd->id", alpha, aV[idx])
