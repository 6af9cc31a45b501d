"""Masks with boolean indexing (S[~mask] = -inf), which only works when mask already has the scores' full shape."""
import numpy as np


def attention(Q, K, V, mask=None):
    att = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    if mask is not None:
        att[~mask] = -np.inf
    w = np.exp(att - att.max(axis=-1, keepdims=True))
    w = w / w.sum(axis=-1, keepdims=True)
    return w @ V, w
