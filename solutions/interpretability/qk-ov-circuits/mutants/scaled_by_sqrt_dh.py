"""Divides the full QK circuit by sqrt(Dh), as attention does, though the circuit is unscaled."""
import numpy as np


def full_qk(W_E, W_Q, W_K):
    return (W_E @ W_Q) @ (W_E @ W_K).T / np.sqrt(W_Q.shape[1])


def full_ov(W_E, W_V, W_O, W_U):
    return W_E @ W_V @ W_O @ W_U
