"""Causal self-attention. See README.md for the statement."""
import numpy as np


def causal_attention(Q: np.ndarray, K: np.ndarray, V: np.ndarray):
    """Attention where query i sees keys 0..i only.

    Q, K: (..., T, d), V: (..., T, dv).
    Returns (out (..., T, dv), weights (..., T, T)), weights lower triangular.
    """
    # TODO: build the (T, T) lower-triangular boolean mask, fill forbidden scores with -inf,
    # stable softmax over the last axis, weights @ V.
    raise NotImplementedError("causal_attention is not implemented yet")
