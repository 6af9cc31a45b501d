"""Flattens the batch dimensions with x.shape = (-1, D), which reshapes the caller's array too."""
import numpy as np


def mlp(x, W_in, b_in, W_out, b_out):
    lead = x.shape[:-1]
    x.shape = (-1, x.shape[-1])  # (N, D)
    h = x @ W_in + b_in
    h = 0.5 * h * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (h + 0.044715 * h**3)))
    out = h @ W_out + b_out
    return out.reshape(*lead, -1)
