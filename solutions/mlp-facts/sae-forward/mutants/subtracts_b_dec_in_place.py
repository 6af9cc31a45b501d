"""Subtracts b_dec from x in place (x -= b_dec), changing the caller's activations."""
import numpy as np


def sae_forward(x, W_enc, b_enc, W_dec, b_dec, l1_coeff):
    x -= b_dec  # x is now x_bar, for the caller too
    f = np.maximum(x @ W_enc + b_enc, 0.0)
    x_hat = f @ W_dec + b_dec
    l2 = float(((x_hat - (x + b_dec)) ** 2).mean(axis=-1).mean())
    l1 = float(np.abs(f).sum(axis=-1).mean())
    return x_hat, f, {"l2": l2, "l1": l1, "loss": l2 + l1_coeff * l1}
