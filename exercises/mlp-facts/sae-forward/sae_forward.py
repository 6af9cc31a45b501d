"""Forward pass and loss of a sparse autoencoder. See README.md for the statement."""
import numpy as np


def sae_forward(x, W_enc, b_enc, W_dec, b_dec, l1_coeff):
    """Encode activations into sparse latents and decode them back.

    x: (B, d_in); W_enc: (d_in, d_sae); b_enc: (d_sae,); W_dec: (d_sae, d_in); b_dec: (d_in,);
    l1_coeff: float.
    Returns (x_hat (B, d_in), f (B, d_sae), {"l2": float, "l1": float, "loss": float}).
    """
    # TODO: subtract b_dec, encode with a ReLU, decode, then the two loss terms.
    raise NotImplementedError("sae_forward is not implemented yet")
