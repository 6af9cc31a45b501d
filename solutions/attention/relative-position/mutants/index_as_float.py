"""Fills the index table into np.zeros((Tq, Tk)), a float array, instead of returning integers."""
import numpy as np


def relative_index(Tq, Tk, k):
    idx = np.zeros((Tq, Tk))
    for i in range(Tq):
        for j in range(Tk):
            idx[i, j] = min(max(j - i, -k), k) + k
    return idx


def relative_attention(x, Wq, Wk, Wv, aK, aV, k):
    T, dz = x.shape[0], Wq.shape[1]
    q, kk, v = x @ Wq, x @ Wk, x @ Wv
    idx = relative_index(T, T, k).astype(int)
    e = (q @ kk.T + np.einsum("id,ijd->ij", q, aK[idx])) / np.sqrt(dz)
    e = np.exp(e - e.max(axis=-1, keepdims=True))
    alpha = e / e.sum(axis=-1, keepdims=True)
    return alpha @ v + np.einsum("ij,ijd->id", alpha, aV[idx])
