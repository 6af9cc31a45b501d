"""Scales the scores by sqrt(D), the model width, instead of sqrt(Dh), the head size."""
import numpy as np


def multi_head_attention(x, W_Q, W_K, W_V, W_O, b_O, causal=False):
    T, D = x.shape[-2], x.shape[-1]
    q = np.einsum("...td,hde->...hte", x, W_Q)
    k = np.einsum("...td,hde->...hte", x, W_K)
    v = np.einsum("...td,hde->...hte", x, W_V)
    att = q @ np.swapaxes(k, -1, -2) / np.sqrt(D)
    if causal:
        att = np.where(np.tril(np.ones((T, T), dtype=bool)), att, -np.inf)
    att = np.exp(att - att.max(axis=-1, keepdims=True))
    att = att / att.sum(axis=-1, keepdims=True)
    return np.einsum("...hte,hed->...td", att @ v, W_O) + b_O
