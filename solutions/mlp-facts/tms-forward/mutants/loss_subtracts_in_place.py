"""tms_loss computes the error with diff = x; diff -= x_hat, which overwrites the caller's x."""
import numpy as np


def tms_forward(x, W, b):
    return np.maximum(x @ W.T @ W + b, 0.0)


def tms_loss(x, x_hat, importance):
    diff = x  # not a copy
    diff -= x_hat
    return float(((diff ** 2) * importance).sum(-1).mean())


def sample_features(B, F, p, seed):
    rng = np.random.default_rng(seed)
    values = rng.random((B, F))
    return values * (rng.random((B, F)) >= p)
