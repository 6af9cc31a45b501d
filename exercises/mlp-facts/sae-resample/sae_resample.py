"""Resample the dead latents of a sparse autoencoder. See README.md for the statement."""
import numpy as np


def resample_dead(W_enc, W_dec, b_enc, frac_active, x, losses, seed, enc_scale=0.2):
    """Re-initialise every latent with frac_active == 0 from a badly reconstructed input.

    W_enc: (d_in, d_sae); W_dec: (d_sae, d_in); b_enc: (d_sae,); frac_active: (d_sae,);
    x: (N, d_in) inputs; losses: (N,) their reconstruction losses; seed: int; enc_scale: float.
    Returns new arrays (W_enc, W_dec, b_enc) with the same shapes; the inputs are not modified.
    """
    # TODO: dead = np.flatnonzero(frac_active == 0); one rng.choice call picks an input per dead latent.
    raise NotImplementedError("resample_dead is not implemented yet")
