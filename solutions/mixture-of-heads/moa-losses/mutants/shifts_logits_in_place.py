"""Turns the caller's logits into log-probabilities in place (`logits -= logsumexp`) after taking the z-loss."""
import torch


def moa_losses(logits, k):
    E = logits.shape[-1]
    if not 1 <= k <= E:
        raise ValueError("k")
    logits = logits.reshape(-1, E)  # a view of the caller's tensor
    N = logits.shape[0]
    lse = torch.logsumexp(logits, -1, keepdim=True)
    z_loss = (lse ** 2).mean()
    logits -= lse  # log-probabilities, computed in place
    probs = logits.exp()
    tp, ti = probs.topk(k, -1)
    gates = torch.zeros_like(probs).scatter(-1, ti, tp)
    chosen = torch.zeros_like(probs).scatter(-1, ti, 1.0)
    switch = E * (probs.mean(0) * chosen.sum(0) / (N * k)).sum()
    G = gates.sum(0) / gates.sum()
    cv = G.var() / G.mean() ** 2 if E > 1 else G.sum() * 0
    z = z_loss
    return {"switch": switch, "cv": cv, "z": z}
