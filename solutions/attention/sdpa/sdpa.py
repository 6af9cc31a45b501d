"""Scaled dot-product attention, with an optional boolean mask.

Source: Vaswani et al. 2017, "Attention Is All You Need", section 3.2.1 (eq. 1);
mask convention as torch.nn.functional.scaled_dot_product_attention (True = may attend).
"""
import numpy as np


def attention(Q: np.ndarray, K: np.ndarray, V: np.ndarray, mask: np.ndarray | None = None):
    d = Q.shape[-1]
    att = Q @ np.swapaxes(K, -1, -2) / np.sqrt(d)  # (..., Tq, Tk) scale keeps the logits O(1) as d grows
    if mask is not None:
        att = np.where(mask, att, -np.inf)  # a forbidden key gets weight exactly 0 after the softmax
    att = att - att.max(axis=-1, keepdims=True)  # stable softmax; every row keeps at least one finite entry
    w = np.exp(att)
    w = w / w.sum(axis=-1, keepdims=True)  # (..., Tq, Tk) each query's weights sum to 1
    out = w @ V  # (..., Tq, dv)
    return out, w
