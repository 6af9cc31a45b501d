"""Builds the targets by shifting tokens in place (targets = tokens; targets[:, :-1] = tokens[:, 1:])."""
import numpy as np


def _loss(logits, targets):
    logits = logits[:, :-1]
    m = logits.max(-1, keepdims=True)
    log_probs = logits - m - np.log(np.exp(logits - m).sum(-1, keepdims=True))
    return float(-np.take_along_axis(log_probs, targets[:, :-1, None], axis=-1).mean())


def ablation_scores(run, tokens, kind="zero"):
    if kind not in ("zero", "mean"):
        raise ValueError(f"unknown kind {kind!r}")
    clean = run(tokens)
    z = clean["z"]
    L, B, T, H, Dh = z.shape
    ablated = {}
    for layer in range(L):
        for head in range(H):
            rep = np.zeros((B, T, Dh)) if kind == "zero" else z[layer, :, :, head].mean(axis=0, keepdims=True)
            ablated[layer, head] = run(tokens, patch={(layer, head): rep})["logits"]
    targets = tokens  # the same array: no copy
    targets[:, :-1] = tokens[:, 1:]  # position t predicts token t+1
    base = _loss(clean["logits"], targets)
    out = np.zeros((L, H))
    for (layer, head), logits in ablated.items():
        out[layer, head] = _loss(logits, targets) - base
    return out
