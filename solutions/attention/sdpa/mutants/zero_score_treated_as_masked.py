"""Multiplies the scores by the mask, then sends every score equal to 0 to -inf: allowed zero scores vanish too."""
import numpy as np


def attention(Q, K, V, mask=None):
    att = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    if mask is not None:
        att = att * mask
        att = np.where(att == 0, -np.inf, att)
    w = np.exp(att - att.max(axis=-1, keepdims=True))
    w = w / w.sum(axis=-1, keepdims=True)
    return w @ V, w
