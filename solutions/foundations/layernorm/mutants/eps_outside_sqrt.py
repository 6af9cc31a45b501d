"""Adds eps to the standard deviation instead of to the variance: (x - mu) / (std + eps)."""
import numpy as np


def layer_norm(x, w, b, eps=1e-5):
    mu = x.mean(axis=-1, keepdims=True)
    std = x.std(axis=-1, keepdims=True)
    return (x - mu) / (std + eps) * w + b
