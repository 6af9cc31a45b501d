"""Returns the full OV circuit as [output logit, source token]: the transpose."""
import numpy as np


def full_qk(W_E, W_Q, W_K):
    return (W_E @ W_Q) @ (W_E @ W_K).T


def full_ov(W_E, W_V, W_O, W_U):
    return (W_E @ W_V @ W_O @ W_U).T
