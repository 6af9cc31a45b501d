"""Uses np.tril(..., k=-1): a position may not attend to itself, so row 0 is empty (nan)."""
import numpy as np


def causal_attention(Q, K, V):
    T = Q.shape[-2]
    allowed = np.tril(np.ones((T, T), dtype=bool), k=-1)
    att = np.where(allowed, Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1]), -np.inf)
    w = np.exp(att - att.max(axis=-1, keepdims=True))
    w = w / w.sum(axis=-1, keepdims=True)
    return w @ V, w
