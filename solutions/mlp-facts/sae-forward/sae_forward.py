"""The forward pass and loss of a sparse autoencoder (SAE) on model activations.

Source: Bricken et al., "Towards Monosemanticity" (Anthropic, 2023), "Sparse Autoencoder Setup":
x_bar = x - b_dec, f = ReLU(W_enc x_bar + b_enc), x_hat = W_dec f + b_dec, loss = L2 + lambda * L1.
Here rows are examples, so the matrices multiply from the right.
"""
import numpy as np


def sae_forward(x, W_enc, b_enc, W_dec, b_dec, l1_coeff):
    x_bar = x - b_dec  # (B, d_in) centre on the decoder bias before encoding
    f = np.maximum(x_bar @ W_enc + b_enc, 0.0)  # (B, d_sae) non-negative, mostly zero latents
    x_hat = f @ W_dec + b_dec  # (B, d_in) each active latent adds its decoder row
    l2 = float(((x_hat - x) ** 2).mean(axis=-1).mean())  # mean over d_in, then over the batch
    l1 = float(np.abs(f).sum(axis=-1).mean())  # sum over latents, then mean over the batch
    return x_hat, f, {"l2": l2, "l1": l1, "loss": l2 + l1_coeff * l1}
