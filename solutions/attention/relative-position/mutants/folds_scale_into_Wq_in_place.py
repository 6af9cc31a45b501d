"""Folds 1/sqrt(dz) into the caller's Wq in place (Wq /= ...) instead of scaling the scores."""
import numpy as np


def relative_index(Tq, Tk, k):
    return np.clip(np.arange(Tk)[None, :] - np.arange(Tq)[:, None], -k, k) + k


def relative_attention(x, Wq, Wk, Wv, aK, aV, k):
    T = x.shape[0]
    Wq /= np.sqrt(Wq.shape[1])
    q, kk, v = x @ Wq, x @ Wk, x @ Wv
    idx = relative_index(T, T, k)
    e = q @ kk.T + np.einsum("id,ijd->ij", q, aK[idx])
    e = np.exp(e - e.max(axis=-1, keepdims=True))
    alpha = e / e.sum(axis=-1, keepdims=True)
    return alpha @ v + np.einsum("ij,ijd->id", alpha, aV[idx])
