"""Normalises the weights over the query axis (-2) instead of the key axis (-1)."""
import numpy as np


def attention(Q, K, V, mask=None):
    att = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    if mask is not None:
        att = np.where(mask, att, -1e30)
    w = np.exp(att - att.max(axis=-2, keepdims=True))
    w = w / w.sum(axis=-2, keepdims=True)
    return w @ V, w
