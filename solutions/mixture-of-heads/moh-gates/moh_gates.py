"""Mixture-of-Head attention gates: shared heads always on, routed heads chosen top-k per token.

Source: Jin et al. 2024, "MoH: Multi-Head Attention as Mixture-of-Head Attention" (arXiv 2410.11842),
eq. 4-5, following the official SkyworkAI/MoH code: routed gates are the softmax over the routed
logits, kept on the top-k, renormalised and multiplied by k; shared gates are softmax(x W_s) * h_s;
the two-stage weights softmax(x W_h) * 2 balance shared against routed. All-zero router weights
with k = h_r therefore give every head a gate of exactly 1: standard multi-head attention.
"""
import torch


def moh_gates(x: torch.Tensor, W_s: torch.Tensor, W_r: torch.Tensor, W_h: torch.Tensor, k: int) -> torch.Tensor:
    h_s, h_r = W_s.shape[1], W_r.shape[1]
    if not 1 <= k <= h_r:
        raise ValueError(f"k must be in [1, {h_r}], got {k}")
    probs = torch.softmax(x @ W_r, dim=-1)  # (..., h_r): softmax over the routed heads only
    top_idx = probs.topk(k, dim=-1).indices  # (..., k)
    mask = torch.zeros_like(probs).scatter(-1, top_idx, 1.0)  # (..., h_r): 1 on the chosen heads
    routed = probs * mask
    routed = routed / routed.sum(dim=-1, keepdim=True) * k  # renormalise, then scale so gates average 1
    shared = torch.softmax(x @ W_s, dim=-1) * h_s  # (..., h_s): dense, averages 1
    stage = torch.softmax(x @ W_h, dim=-1) * 2  # (..., 2): shared vs routed, averages 1
    shared = shared * stage[..., 0:1]
    routed = routed * stage[..., 1:2]
    return torch.cat([shared, routed], dim=-1)  # (..., h_s + h_r): shared heads first
