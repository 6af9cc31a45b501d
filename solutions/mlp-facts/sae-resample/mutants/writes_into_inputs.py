"""Forgets to copy: writes the resampled latents straight into the caller's W_enc, W_dec and b_enc."""
import numpy as np


def resample_dead(W_enc, W_dec, b_enc, frac_active, x, losses, seed, enc_scale=0.2):
    dead = np.flatnonzero(frac_active == 0)
    if dead.size == 0:
        return W_enc.copy(), W_dec.copy(), b_enc.copy()
    rng = np.random.default_rng(seed)
    rows = rng.choice(x.shape[0], size=dead.size, replace=True, p=losses ** 2 / np.sum(losses ** 2))
    alive = frac_active > 0
    enc_norm = np.linalg.norm(W_enc[:, alive], axis=0).mean() if alive.any() else 1.0
    dirs = x[rows] / np.linalg.norm(x[rows], axis=1, keepdims=True)
    W_dec[dead] = dirs
    W_enc[:, dead] = enc_scale * enc_norm * dirs.T
    b_enc[dead] = 0.0
    return W_enc, W_dec, b_enc
