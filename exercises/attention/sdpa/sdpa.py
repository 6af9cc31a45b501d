"""Scaled dot-product attention. See README.md for the statement."""
import numpy as np


def attention(Q: np.ndarray, K: np.ndarray, V: np.ndarray, mask: np.ndarray | None = None):
    """softmax(Q K^T / sqrt(d)) V, with forbidden keys (mask False) left out.

    Q: (..., Tq, d), K: (..., Tk, d), V: (..., Tk, dv).
    mask: None or bool broadcastable to (..., Tq, Tk); True = may attend.
    Returns (out (..., Tq, dv), weights (..., Tq, Tk)).
    """
    # TODO: scores, scale by sqrt(d), mask with -inf, stable softmax over the last axis, weights @ V.
    raise NotImplementedError("attention is not implemented yet")
