"""Mixture-of-Head attention: multi-head attention whose per-head outputs are weighted per token.

Source: Jin et al. 2024, "MoH: Multi-Head Attention as Mixture-of-Head Attention" (arXiv 2410.11842),
eq. 3: MoH(X) = sum_i g_i H_i W_O^i, with the gates of the official SkyworkAI/MoH code (shared heads
first, then routed heads). With every gate equal to 1 this is standard multi-head attention.
"""
import math

import torch


def moh_gates(x, W_s, W_r, W_h, k):
    h_s, h_r = W_s.shape[1], W_r.shape[1]
    if not 1 <= k <= h_r:
        raise ValueError(f"k must be in [1, {h_r}], got {k}")
    probs = torch.softmax(x @ W_r, dim=-1)  # (B, T, h_r)
    mask = torch.zeros_like(probs).scatter(-1, probs.topk(k, dim=-1).indices, 1.0)
    routed = probs * mask
    routed = routed / routed.sum(dim=-1, keepdim=True) * k  # chosen heads, renormalised, times k
    shared = torch.softmax(x @ W_s, dim=-1) * h_s  # (B, T, h_s)
    stage = torch.softmax(x @ W_h, dim=-1) * 2  # (B, T, 2)
    return torch.cat([shared * stage[..., 0:1], routed * stage[..., 1:2]], dim=-1)  # (B, T, H)


def moh_attention(x: torch.Tensor, mha_params: dict, gate_params: dict, k: int, causal: bool = False) -> torch.Tensor:
    W_Q, W_K, W_V = mha_params["W_Q"], mha_params["W_K"], mha_params["W_V"]  # (H, D, Dh) each
    W_O, b_O = mha_params["W_O"], mha_params["b_O"]  # (H, Dh, D), (D,)
    H, D, Dh = W_Q.shape
    h_s, h_r = gate_params["W_s"].shape[1], gate_params["W_r"].shape[1]
    if h_s < 1 or h_r < 1:
        raise ValueError(f"MoH needs at least one shared and one routed head, got h_s={h_s}, h_r={h_r}")
    if h_s + h_r != H:
        raise ValueError(f"h_s + h_r = {h_s + h_r} must equal the number of heads H = {H}")
    T = x.shape[1]
    q = torch.einsum("btd,hde->bhte", x, W_Q)  # (B, H, T, Dh)
    kk = torch.einsum("btd,hde->bhte", x, W_K)  # (B, H, T, Dh)
    v = torch.einsum("btd,hde->bhte", x, W_V)  # (B, H, T, Dh)
    att = q @ kk.transpose(-2, -1) / math.sqrt(Dh)  # (B, H, T, T)
    if causal:
        allowed = torch.ones(T, T, dtype=torch.bool, device=x.device).tril()
        att = att.masked_fill(~allowed, float("-inf"))
    att = torch.softmax(att, dim=-1)
    heads = att @ v  # (B, H, T, Dh)
    per_head = torch.einsum("bhte,hed->bthd", heads, W_O)  # (B, T, H, D): head i's term H_i W_O^i
    g = moh_gates(x, gate_params["W_s"], gate_params["W_r"], gate_params["W_h"], k)  # (B, T, H)
    return (g.unsqueeze(-1) * per_head).sum(dim=2) + b_O  # (B, T, D); the bias is not gated
