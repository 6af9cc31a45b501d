"""tms_loss returns a NumPy float64 scalar where the statement asks for a Python float."""
import numpy as np


def tms_forward(x, W, b):
    return np.maximum(x @ W.T @ W + b, 0.0)


def tms_loss(x, x_hat, importance):
    return (((x - x_hat) ** 2) * importance).sum(-1).mean()


def sample_features(B, F, p, seed):
    rng = np.random.default_rng(seed)
    values = rng.random((B, F))
    return values * (rng.random((B, F)) >= p)
