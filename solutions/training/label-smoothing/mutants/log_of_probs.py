"""Takes np.log of the softmax: classes whose probability underflows give an infinite loss."""
import numpy as np


def smoothed_cross_entropy(logits, y, eps, mode="uniform"):
    N, V = logits.shape
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    log_probs = np.log(e / e.sum(axis=1, keepdims=True))
    if mode == "uniform":
        q = np.full((N, V), eps / V)
        q[np.arange(N), y] += 1.0 - eps
    elif mode == "t2t":
        q = np.full((N, V), eps / (V - 1))
        q[np.arange(N), y] = 1.0 - eps
    else:
        raise ValueError(mode)
    return float(-(q * log_probs).sum(axis=1).mean())
