"""Leaves out the ReLU: the model is linear and cannot filter the interference between features."""
import numpy as np


def tms_forward(x, W, b):
    return x @ W.T @ W + b


def tms_loss(x, x_hat, importance):
    return float((((x - x_hat) ** 2) * importance).sum(-1).mean())


def sample_features(B, F, p, seed):
    rng = np.random.default_rng(seed)
    values = rng.random((B, F))
    return values * (rng.random((B, F)) >= p)
