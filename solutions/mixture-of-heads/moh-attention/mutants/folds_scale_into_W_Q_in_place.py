"""Folds 1/sqrt(Dh) into the caller's W_Q in place (`mha_params["W_Q"] /= sqrt(Dh)`)."""
import math

import torch


def _gates(x, W_s, W_r, W_h, k):
    h_s, h_r = W_s.shape[1], W_r.shape[1]
    if not 1 <= k <= h_r:
        raise ValueError("k")
    p = torch.softmax(x @ W_r, -1)
    m = torch.zeros_like(p).scatter(-1, p.topk(k, -1).indices, 1.0)
    r = p * m
    r = r / r.sum(-1, keepdim=True) * k
    st = 2 * torch.softmax(x @ W_h, -1)
    return torch.cat([h_s * torch.softmax(x @ W_s, -1) * st[..., :1], r * st[..., 1:]], -1)


def moh_attention(x, mha_params, gate_params, k, causal=False):
    p, gp = mha_params, gate_params
    H, D, Dh = p["W_Q"].shape
    h_s, h_r = gp["W_s"].shape[1], gp["W_r"].shape[1]
    if h_s < 1 or h_r < 1 or h_s + h_r != H:
        raise ValueError("need h_s >= 1, h_r >= 1 and h_s + h_r == H")
    p["W_Q"] /= math.sqrt(Dh)  # scale the queries once, not every score
    q, kk, v = (torch.einsum("btd,hde->bhte", x, p[n]) for n in ("W_Q", "W_K", "W_V"))
    att = q @ kk.transpose(-2, -1)
    if causal:
        T = x.shape[1]
        att = att.masked_fill(~torch.ones(T, T, dtype=torch.bool).tril(), float("-inf"))
    per = torch.einsum("bhte,hed->bthd", torch.softmax(att, -1) @ v, p["W_O"])
    g = _gates(x, gp["W_s"], gp["W_r"], gp["W_h"], k)
    return (g.unsqueeze(-1) * per).sum(2) + p["b_O"]
