"""Divides by sqrt(var) with no eps at all: a constant row gives 0 / 0 = nan."""
import numpy as np


def layer_norm(x, w, b, eps=1e-5):
    mu = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return (x - mu) / np.sqrt(var) * w + b
