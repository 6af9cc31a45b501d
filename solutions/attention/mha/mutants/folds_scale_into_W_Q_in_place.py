"""Folds 1/sqrt(Dh) into the caller's W_Q in place (W_Q /= ...) instead of scaling the scores."""
import numpy as np


def multi_head_attention(x, W_Q, W_K, W_V, W_O, b_O, causal=False):
    T, Dh = x.shape[-2], W_Q.shape[-1]
    W_Q /= np.sqrt(Dh)
    q = np.einsum("...td,hde->...hte", x, W_Q)
    k = np.einsum("...td,hde->...hte", x, W_K)
    v = np.einsum("...td,hde->...hte", x, W_V)
    att = q @ np.swapaxes(k, -1, -2)
    if causal:
        att = np.where(np.tril(np.ones((T, T), dtype=bool)), att, -np.inf)
    att = np.exp(att - att.max(axis=-1, keepdims=True))
    att = att / att.sum(axis=-1, keepdims=True)
    return np.einsum("...hte,hed->...td", att @ v, W_O) + b_O
