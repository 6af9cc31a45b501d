"""Computes in float32 (as a GPU would) and returns float32 for float64 input."""
import numpy as np


def mlp(x, W_in, b_in, W_out, b_out):
    x, W_in, b_in, W_out, b_out = (a.astype(np.float32) for a in (x, W_in, b_in, W_out, b_out))
    h = x @ W_in + b_in
    h = 0.5 * h * (1.0 + np.tanh(np.float32(np.sqrt(2.0 / np.pi)) * (h + np.float32(0.044715) * h**3)))
    return h @ W_out + b_out
