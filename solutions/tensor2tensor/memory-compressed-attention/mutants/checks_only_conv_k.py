"""Checks only conv_k's tap count; conv_v with an extra tap goes through a loop over range(stride) unnoticed."""
import numpy as np


def compress(m, kernel, bias, s):
    B, T, D = m.shape
    windows = m.reshape(B, T // s, s, D)  # (B, M, s, D): slot n summarises positions n*s .. n*s + s - 1
    return sum(windows[:, :, r] @ kernel[r] for r in range(s)) + bias  # (B, M, D)


def memory_compressed_attention(x: np.ndarray, params: dict, stride: int = 3, causal: bool = True,
                                n_heads: int = 1) -> np.ndarray:
    B, T, D = x.shape
    s, H = stride, n_heads
    Dh = D // H
    if T % s:
        raise ValueError(f"sequence length {T} is not a multiple of the stride {s}")
    if params["conv_k"].shape[0] != s:
        raise ValueError(f"conv_k must have stride={s} taps")
    M = T // s
    q = x @ params["W_Q"]  # (B, T, D): every position keeps its query
    k = compress(x @ params["W_K"], params["conv_k"], params["conv_k_b"], s)  # (B, M, D)
    v = compress(x @ params["W_V"], params["conv_v"], params["conv_v_b"], s)  # (B, M, D)
    q = q.reshape(B, T, H, Dh).transpose(0, 2, 1, 3)  # (B, H, T, Dh)
    k = k.reshape(B, M, H, Dh).transpose(0, 2, 1, 3)  # (B, H, M, Dh)
    v = v.reshape(B, M, H, Dh).transpose(0, 2, 1, 3)  # (B, H, M, Dh)

    att = q @ k.swapaxes(-2, -1) / np.sqrt(Dh)  # (B, H, T, M): T/s times fewer scores than full attention
    if causal:
        slot_end = np.arange(M) * s + s - 1  # last position each slot summarises
        allowed = slot_end[None, :] <= np.arange(T)[:, None]  # (T, M)
    else:
        allowed = np.ones((T, M), dtype=bool)
    att = np.where(allowed, att, -np.inf)
    # queries before the first slot is complete see nothing: their attention output is zero, not NaN
    has_any = allowed.any(-1)[:, None]  # (T, 1)
    att = np.exp(att - np.where(has_any, att.max(-1, keepdims=True), 0.0))
    att = np.where(has_any, att / np.where(has_any, att.sum(-1, keepdims=True), 1.0), 0.0)
    y = att @ v  # (B, H, T, Dh)
    y = y.transpose(0, 2, 1, 3).reshape(B, T, D)  # heads side by side
    return y @ params["W_O"] + params["b_O"]  # (B, T, D)
