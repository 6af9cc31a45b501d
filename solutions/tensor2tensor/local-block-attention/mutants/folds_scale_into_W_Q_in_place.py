"""Folds 1/sqrt(Dh) into the caller's W_Q in place (`params["W_Q"] /= sqrt(Dh)`)."""
import numpy as np


def local_block_attention(x: np.ndarray, params: dict, block: int, causal: bool = True, n_heads: int = 1) -> np.ndarray:
    B, T, D = x.shape
    H, b = n_heads, block
    Dh = D // H
    nb = -(-T // b)  # number of blocks, the last one may be short
    pad = nb * b - T

    def heads(W):  # (B, T, D) @ (D, D) -> (B, H, T + pad, Dh), zero-padded to whole blocks
        y = np.pad(x @ W, ((0, 0), (0, pad), (0, 0)))
        return y.reshape(B, nb * b, H, Dh).transpose(0, 2, 1, 3)

    params["W_Q"] /= np.sqrt(Dh)  # scale the queries once instead of every score
    q, k, v = heads(params["W_Q"]), heads(params["W_K"]), heads(params["W_V"])  # (B, H, nb*b, Dh)
    qb = q.reshape(B, H, nb, b, Dh)  # (B, H, nb, b, Dh)
    kb, vb = k.reshape(B, H, nb, b, Dh), v.reshape(B, H, nb, b, Dh)
    shift = lambda t: np.concatenate([np.zeros_like(t[:, :, :1]), t[:, :, :-1]], axis=2)  # the block before
    kmem = np.concatenate([shift(kb), kb], axis=3)  # (B, H, nb, 2b, Dh): previous block, then own block
    vmem = np.concatenate([shift(vb), vb], axis=3)  # (B, H, nb, 2b, Dh)

    n = np.arange(nb)[:, None, None]
    i = n * b + np.arange(b)[None, :, None]  # (nb, b, 1) query positions
    j = (n - 1) * b + np.arange(2 * b)[None, None, :]  # (nb, 1, 2b) memory positions
    allowed = (j >= 0) & (j < T)  # no block before the first; no padding
    if causal:
        allowed = allowed & (j <= i)  # (nb, b, 2b)

    att = qb @ kmem.swapaxes(-2, -1)  # (B, H, nb, b, 2b): O(T * b), never (T, T)
    att = np.where(allowed, att, -np.inf)
    att = np.exp(att - att.max(-1, keepdims=True))  # every query sees at least itself: no all -inf rows
    att = att / att.sum(-1, keepdims=True)
    y = att @ vmem  # (B, H, nb, b, Dh)
    y = y.reshape(B, H, nb * b, Dh)[:, :, :T].transpose(0, 2, 1, 3).reshape(B, T, D)  # (B, T, D), heads side by side
    return y @ params["W_O"] + params["b_O"]  # (B, T, D)
