"""Puts key tokens on the rows of the full QK circuit: the transpose of [query, key]."""
import numpy as np


def full_qk(W_E, W_Q, W_K):
    return (W_E @ W_K) @ (W_E @ W_Q).T


def full_ov(W_E, W_V, W_O, W_U):
    return W_E @ W_V @ W_O @ W_U
