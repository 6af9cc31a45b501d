"""Divides the caller's Q by sqrt(d) in place (Q /= ...) before taking the scores."""
import numpy as np


def attention(Q, K, V, mask=None):
    Q /= np.sqrt(Q.shape[-1])
    att = Q @ np.swapaxes(K, -1, -2)
    if mask is not None:
        att = np.where(mask, att, -np.inf)
    w = np.exp(att - att.max(axis=-1, keepdims=True))
    w = w / w.sum(axis=-1, keepdims=True)
    return w @ V, w
