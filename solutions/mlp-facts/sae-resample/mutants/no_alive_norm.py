"""Scales the new encoder columns by enc_scale only, forgetting the live latents' average norm."""
import numpy as np


def resample_dead(W_enc, W_dec, b_enc, frac_active, x, losses, seed, enc_scale=0.2):
    W_enc, W_dec, b_enc = W_enc.copy(), W_dec.copy(), b_enc.copy()
    dead = np.flatnonzero(frac_active == 0)
    if dead.size == 0:
        return W_enc, W_dec, b_enc
    rng = np.random.default_rng(seed)
    rows = rng.choice(x.shape[0], size=dead.size, replace=True, p=losses ** 2 / np.sum(losses ** 2))
    dirs = x[rows] / np.linalg.norm(x[rows], axis=1, keepdims=True)
    W_dec[dead] = dirs
    W_enc[:, dead] = enc_scale * dirs.T
    b_enc[dead] = 0.0
    return W_enc, W_dec, b_enc
