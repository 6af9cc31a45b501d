"""Swaps the roles: queries from the encoder, keys and values from the decoder."""
import numpy as np


def _attend(dec, enc, params, allowed=None, scale_dim=None):
    W_Q, W_K, W_V, W_O, b_O = (params[k] for k in ("W_Q", "W_K", "W_V", "W_O", "b_O"))
    q = np.einsum("td,hde->hte", dec, W_Q)
    k = np.einsum("sd,hde->hse", enc, W_K)
    v = np.einsum("sd,hde->hse", enc, W_V)
    att = q @ np.swapaxes(k, -1, -2) / np.sqrt(scale_dim or W_Q.shape[-1])
    if allowed is not None:
        att = np.where(allowed, att, -np.inf)
    att = np.exp(att - att.max(axis=-1, keepdims=True))
    w = att / att.sum(axis=-1, keepdims=True)
    return np.einsum("hte,hed->td", w @ v, W_O) + b_O, w


def cross_attention(dec, enc, params, pad=None):
    return _attend(enc, dec, params)
