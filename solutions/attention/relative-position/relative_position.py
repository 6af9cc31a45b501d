"""Self-attention with relative position representations (one head).

Source: Shaw, Uszkoreit & Vaswani 2018, "Self-Attention with Relative Position Representations"
(https://arxiv.org/abs/1803.02155), eqs. 3-5: a^K_ij, a^V_ij = w_clip(j - i, k).
"""
import numpy as np


def relative_index(Tq: int, Tk: int, k: int) -> np.ndarray:
    i = np.arange(Tq)[:, None]  # (Tq, 1) query positions
    j = np.arange(Tk)[None, :]  # (1, Tk) key positions
    return np.clip(j - i, -k, k) + k  # (Tq, Tk) row of the (2k+1)-row tables; offsets beyond +-k share the edge rows


def relative_attention(x, Wq, Wk, Wv, aK, aV, k):
    T, dz = x.shape[0], Wq.shape[1]
    q, kk, v = x @ Wq, x @ Wk, x @ Wv  # (T, dz) each
    idx = relative_index(T, T, k)  # (T, T)
    AK, AV = aK[idx], aV[idx]  # (T, T, dz) one learned vector per (query, key) offset
    e = (q @ kk.T + np.einsum("id,ijd->ij", q, AK)) / np.sqrt(dz)  # (T, T) eq. 4: q_i . (k_j + a^K_ij)
    e = np.exp(e - e.max(axis=-1, keepdims=True))
    alpha = e / e.sum(axis=-1, keepdims=True)  # (T, T)
    return alpha @ v + np.einsum("ij,ijd->id", alpha, AV)  # (T, dz) eq. 3: sum_j alpha_ij (v_j + a^V_ij)
