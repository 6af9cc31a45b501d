"""Resample the dead latents of a sparse autoencoder.

Source: Bricken et al., "Towards Monosemanticity" (Anthropic, 2023), appendix "Neuron Resampling",
simplified: pick inputs with probability proportional to their squared loss; a dead latent's decoder
row becomes the chosen input, normalised; its encoder column the same direction times 0.2 times the
average encoder norm of the live latents; its encoder bias 0. Live latents are left alone.
"""
import numpy as np


def resample_dead(W_enc, W_dec, b_enc, frac_active, x, losses, seed, enc_scale=0.2):
    W_enc, W_dec, b_enc = W_enc.copy(), W_dec.copy(), b_enc.copy()  # never modify the caller's arrays
    dead = np.flatnonzero(frac_active == 0)  # (n_dead,) increasing latent indices
    if dead.size == 0:
        return W_enc, W_dec, b_enc
    rng = np.random.default_rng(seed)
    probs = losses ** 2 / np.sum(losses ** 2)  # (N,) badly reconstructed inputs are picked more often
    rows = rng.choice(x.shape[0], size=dead.size, replace=True, p=probs)  # (n_dead,) the only random call
    alive = frac_active > 0
    # Scale new encoders like the live ones, times a small factor, so a new latent starts weak.
    enc_norm = np.linalg.norm(W_enc[:, alive], axis=0).mean() if alive.any() else 1.0
    dirs = x[rows] / np.linalg.norm(x[rows], axis=1, keepdims=True)  # (n_dead, d_in) unit directions
    W_dec[dead] = dirs  # decoder rows: the input the SAE failed to reconstruct
    W_enc[:, dead] = enc_scale * enc_norm * dirs.T  # (d_in, n_dead) encoder columns: the same direction
    b_enc[dead] = 0.0
    return W_enc, W_dec, b_enc
