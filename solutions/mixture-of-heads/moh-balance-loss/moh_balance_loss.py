"""The load-balance loss of Mixture-of-Head attention's routed heads.

Source: Jin et al. 2024, "MoH: Multi-Head Attention as Mixture-of-Head Attention" (arXiv 2410.11842),
eq. 6: L_b = sum_i f_i P_i over the routed heads, with the official SkyworkAI/MoH code's scaling:
l_aux = mean(me * ce) * h_r * h_r = h_r * sum_i P_i f_i.
"""
import torch


def moh_balance_loss(gate_probs: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    h_r = gate_probs.shape[-1]
    probs = gate_probs.reshape(-1, h_r)  # (N, h_r): every token of every sequence
    chosen = mask.reshape(-1, h_r).to(probs.dtype)  # (N, h_r): 1 where the head is in the token's top-k
    P = probs.mean(dim=0)  # (h_r,) mean router probability per head
    f = chosen.mean(dim=0)  # (h_r,) fraction of tokens that selected each head
    return h_r * (P * f).sum()  # 0-dim; equals k for perfectly balanced routing
