"""t2t mode spreads eps / (V - 1) over every class, the true one included, on top of 1 - eps."""
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
    q[np.arange(N), y] += 1.0 - eps
    return float(-(q * log_probs).sum(axis=1).mean())
