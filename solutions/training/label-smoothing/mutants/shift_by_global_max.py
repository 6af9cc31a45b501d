"""Subtracts the maximum of the whole array instead of each row's: rows far below it underflow to 0 / 0."""
import numpy as np


def smoothed_cross_entropy(logits, y, eps, mode="uniform"):
    N, V = logits.shape
    z = logits - logits.max()
    log_probs = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    if mode == "uniform":
        q = np.full((N, V), eps / V)
        q[np.arange(N), y] += 1.0 - eps
    elif mode == "t2t":
        q = np.full((N, V), eps / (V - 1))
        q[np.arange(N), y] = 1.0 - eps
    else:
        raise ValueError(f"unknown mode {mode!r}")
    return float(-(q * log_probs).sum(axis=1).mean())
