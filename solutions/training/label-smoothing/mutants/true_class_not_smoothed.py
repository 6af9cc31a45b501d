"""Uniform mode sets the true class to 1 - eps instead of 1 - eps + eps / V: targets no longer sum to 1."""
import numpy as np


def smoothed_cross_entropy(logits, y, eps, mode="uniform"):
    N, V = logits.shape
    z = logits - logits.max(axis=1, keepdims=True)
    log_probs = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    if mode == "uniform":
        q = np.full((N, V), eps / V)
    elif mode == "t2t":
        q = np.full((N, V), eps / (V - 1))
    else:
        raise ValueError(mode)
    q[np.arange(N), y] = 1.0 - eps
    return float(-(q * log_probs).sum(axis=1).mean())
