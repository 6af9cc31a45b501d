"""A sample learner's layer norm with a classic slip: the unbiased (n - 1) variance."""
import numpy as np


def layer_norm(x, w, b, eps=1e-5):
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, ddof=1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b
