"""Causal (masked) self-attention: position t sees positions 0..t only.

Source: Vaswani et al. 2017, section 3.2.3 ("masking out ... all values in the input of the softmax which
correspond to illegal connections"); nanoGPT's CausalSelfAttention (`masked_fill(bias == 0, -inf)`).
"""
import numpy as np


def causal_attention(Q: np.ndarray, K: np.ndarray, V: np.ndarray):
    T, d = Q.shape[-2], Q.shape[-1]
    allowed = np.tril(np.ones((T, T), dtype=bool))  # (T, T) True on and below the diagonal: key j <= query i
    att = Q @ np.swapaxes(K, -1, -2) / np.sqrt(d)  # (..., T, T)
    att = np.where(allowed, att, -np.inf)  # the diagonal is always allowed, so no row is all -inf
    att = att - att.max(axis=-1, keepdims=True)
    w = np.exp(att)
    w = w / w.sum(axis=-1, keepdims=True)  # (..., T, T) lower triangular, rows sum to 1
    return w @ V, w  # (..., T, dv), (..., T, T)
