"""The three auxiliary router losses of MoA: Switch load balancing, coefficient of variation of the
expert importance, and the router z-loss.

Source: Zhang et al. 2022, "Mixture of Attention Heads: Selecting Attention Heads Per Token"
(arXiv 2210.05144), section 3.3, as computed by the authors' code (yikangshen/MoA, moe.py:
compute_switchloss, compute_cvloss, compute_zloss); the losses come from Fedus et al. 2021 (Switch),
Shazeer et al. 2017 (CV of importance) and Zoph et al. 2022 (router z-loss).
"""
import torch


def moa_losses(logits: torch.Tensor, k: int) -> dict:
    E = logits.shape[-1]
    if not 1 <= k <= E:
        raise ValueError(f"k must be in [1, {E}], got {k}")
    logits = logits.reshape(-1, E)  # (N, E)
    probs = torch.softmax(logits, dim=-1)  # (N, E)
    top_p, top_i = probs.topk(k, dim=-1)  # (N, k)
    gates = torch.zeros_like(probs).scatter(-1, top_i, top_p)  # (N, E): top-k probabilities, not renormalised
    chosen = torch.zeros_like(probs).scatter(-1, top_i, 1.0)  # (N, E): 1 where expert e is in token's top-k

    P = probs.sum(0) / probs.sum()  # (E,) share of router probability per expert
    f = chosen.sum(0) / chosen.sum()  # (E,) share of the N * k assignments per expert
    switch = E * (P * f).sum()  # 1 when P is uniform

    importance = gates.sum(0)  # (E,) total gate value per expert
    importance = importance / importance.sum()  # scale-free, as the code's L1 normalisation
    cv = importance.var() / importance.mean() ** 2 if E > 1 else importance.sum() * 0  # unbiased variance; 0 when balanced

    z = (torch.logsumexp(logits, dim=-1) ** 2).mean()  # penalises large router logits
    return {"switch": switch, "cv": cv, "z": z}
