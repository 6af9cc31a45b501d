"""Mixture of Attention heads (MoA): a router picks k of E attention experts per token.

Source: Zhang et al. 2022, "Mixture of Attention Heads: Selecting Attention Heads Per Token"
(arXiv 2210.05144), eq. 1-5, and the authors' code (yikangshen/MoA): each expert has its own query
and output projections, the key and value projections are shared by all experts, and the gates are
the top-k entries of softmax(x W_g), not renormalised.
"""
import math

import torch


def moa(x: torch.Tensor, W_g: torch.Tensor, W_q: torch.Tensor, W_o: torch.Tensor, W_k: torch.Tensor,
        W_v: torch.Tensor, k: int, causal: bool = False) -> torch.Tensor:
    E, D, dh = W_q.shape
    if not 1 <= k <= E:
        raise ValueError(f"k must be in [1, {E}], got {k}")
    B, T, _ = x.shape
    probs = torch.softmax(x @ W_g, dim=-1)  # (B, T, E)
    gates, experts = probs.topk(k, dim=-1)  # (B, T, k) each; gates are NOT renormalised
    keys = x @ W_k  # (B, T, dh): shared by every expert
    values = x @ W_v  # (B, T, dh)
    q_all = torch.einsum("btd,edh->bteh", x, W_q)  # (B, T, E, dh): every expert's query, then pick
    q = torch.gather(q_all, 2, experts.unsqueeze(-1).expand(B, T, k, dh))  # (B, T, k, dh)
    att = torch.einsum("btjh,bsh->bjts", q, keys) / math.sqrt(dh)  # (B, k, T, T): slot j of query t vs key s
    if causal:
        allowed = torch.ones(T, T, dtype=torch.bool, device=x.device).tril()
        att = att.masked_fill(~allowed, float("-inf"))
    att = torch.softmax(att, dim=-1)
    heads = torch.einsum("bjts,bsh->btjh", att, values)  # (B, T, k, dh)
    out_all = torch.einsum("btjh,ehd->btjed", heads, W_o)  # (B, T, k, E, D): every expert's output map
    out = torch.gather(out_all, 3, experts[..., None, None].expand(B, T, k, 1, D)).squeeze(3)  # (B, T, k, D)
    return (gates.unsqueeze(-1) * out).sum(dim=2)  # (B, T, D): gate-weighted sum over the k slots
