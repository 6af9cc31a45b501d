"""Multi-head attention with per-head weight matrices, the output as a sum over heads.

Source: Vaswani et al. 2017, section 3.2.2; the per-head form (W_O split into (H, Dh, D) blocks, outputs
summed) follows Elhage et al. 2021, "A Mathematical Framework for Transformer Circuits".
"""
import numpy as np


def multi_head_attention(x, W_Q, W_K, W_V, W_O, b_O, causal=False):
    T, Dh = x.shape[-2], W_Q.shape[-1]
    q = np.einsum("...td,hde->...hte", x, W_Q)  # (..., H, T, Dh)
    k = np.einsum("...td,hde->...hte", x, W_K)  # (..., H, T, Dh)
    v = np.einsum("...td,hde->...hte", x, W_V)  # (..., H, T, Dh)
    att = q @ np.swapaxes(k, -1, -2) / np.sqrt(Dh)  # (..., H, T, T) scaled by the head size, not D
    if causal:
        att = np.where(np.tril(np.ones((T, T), dtype=bool)), att, -np.inf)  # key j <= query i
    att = np.exp(att - att.max(axis=-1, keepdims=True))
    att = att / att.sum(axis=-1, keepdims=True)  # (..., H, T, T)
    z = att @ v  # (..., H, T, Dh)
    # concat(heads) @ W_O is the same as summing each head through its own (Dh, D) block of W_O
    return np.einsum("...hte,hed->...td", z, W_O) + b_O  # (..., T, D)
