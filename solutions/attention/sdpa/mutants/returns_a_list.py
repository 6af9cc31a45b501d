"""Returns [out, weights], a list, where the statement asks for a tuple (out, weights)."""
import numpy as np


def attention(Q, K, V, mask=None):
    att = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    if mask is not None:
        att = np.where(mask, att, -np.inf)
    w = np.exp(att - att.max(axis=-1, keepdims=True))
    w = w / w.sum(axis=-1, keepdims=True)
    return [w @ V, w]
