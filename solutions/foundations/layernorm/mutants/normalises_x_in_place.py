"""Centres and scales the caller's x in place (x -= mu; x /= std) before applying w and b."""
import numpy as np


def layer_norm(x, w, b, eps=1e-5):
    x -= x.mean(axis=-1, keepdims=True)
    x /= np.sqrt((x ** 2).mean(axis=-1, keepdims=True) + eps)
    return x * w + b
