"""Reads the mask the wrong way round: True blocks a key instead of allowing it."""
import numpy as np


def attention(Q, K, V, mask=None):
    att = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    if mask is not None:
        att = np.where(mask, -np.inf, att)
    w = np.exp(att - att.max(axis=-1, keepdims=True))
    w = w / w.sum(axis=-1, keepdims=True)
    return w @ V, w
