"""Shifts the caller's logits in place (logits -= logits.max(...)) before the log-softmax."""
import numpy as np


def smoothed_cross_entropy(logits, y, eps, mode="uniform"):
    N, V = logits.shape
    logits -= logits.max(axis=1, keepdims=True)
    log_probs = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    if mode == "uniform":
        q = np.full((N, V), eps / V)
        q[np.arange(N), y] += 1.0 - eps
    elif mode == "t2t":
        q = np.full((N, V), eps / (V - 1))
        q[np.arange(N), y] = 1.0 - eps
    else:
        raise ValueError(f"unknown mode {mode!r}")
    return float(-(q * log_probs).sum(axis=1).mean())
