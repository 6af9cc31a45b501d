"""Reads p as the probability that a feature is present instead of the probability it is zero."""
import numpy as np


def tms_forward(x, W, b):
    return np.maximum(x @ W.T @ W + b, 0.0)


def tms_loss(x, x_hat, importance):
    return float((((x - x_hat) ** 2) * importance).sum(-1).mean())


def sample_features(B, F, p, seed):
    rng = np.random.default_rng(seed)
    values = rng.random((B, F))
    return values * (rng.random((B, F)) < p)
