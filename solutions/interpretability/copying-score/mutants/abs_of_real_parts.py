"""Divides by the sum of |Re(lambda)| instead of |lambda|, and gives nan for a zero head."""
import numpy as np


def copying_score(W_E, W_V, W_O, W_U):
    lam = np.linalg.eigvals(W_O @ W_U @ W_E @ W_V)
    return float(lam.real.sum() / np.abs(lam.real).sum())
