"""Returns the three losses as Python floats (`.item()`) instead of 0-dim tensors."""
import torch


def moa_losses(logits, k):
    E = logits.shape[-1]
    if not 1 <= k <= E:
        raise ValueError("k")
    logits = logits.reshape(-1, E)
    N = logits.shape[0]
    probs = torch.softmax(logits, -1)
    tp, ti = probs.topk(k, -1)
    gates = torch.zeros_like(probs).scatter(-1, ti, tp)
    chosen = torch.zeros_like(probs).scatter(-1, ti, 1.0)
    switch = E * (probs.mean(0) * chosen.sum(0) / (N * k)).sum()
    G = gates.sum(0) / gates.sum()
    cv = G.var() / G.mean() ** 2 if E > 1 else G.sum() * 0
    z = (torch.logsumexp(logits, -1) ** 2).mean()
    return {"switch": switch.item(), "cv": cv.item(), "z": z.item()}
