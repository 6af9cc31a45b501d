"""Copies the decoder self-attention habit and adds a causal triangle on top of the padding mask."""
import numpy as np


def cross_attention(dec, enc, params, pad=None):
    W_Q, W_K, W_V, W_O, b_O = (params[k] for k in ("W_Q", "W_K", "W_V", "W_O", "b_O"))
    q = np.einsum("td,hde->hte", dec, W_Q)
    k = np.einsum("sd,hde->hse", enc, W_K)
    v = np.einsum("sd,hde->hse", enc, W_V)
    att = q @ np.swapaxes(k, -1, -2) / np.sqrt(W_Q.shape[-1])
    allowed = np.tril(np.ones((dec.shape[0], enc.shape[0]), dtype=bool))
    allowed[:, 0] = True  # keep every row non-empty
    if pad is not None:
        allowed = allowed & ~pad
    att = np.where(allowed, att, -np.inf)
    att = np.exp(att - att.max(axis=-1, keepdims=True))
    w = att / att.sum(axis=-1, keepdims=True)
    return np.einsum("hte,hed->td", w @ v, W_O) + b_O, w
