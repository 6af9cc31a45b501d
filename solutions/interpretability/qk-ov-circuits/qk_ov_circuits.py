"""The full QK and OV circuits of one attention head, read off its weights.

Source: A Mathematical Framework for Transformer Circuits (Elhage et al., 2021), "One-layer
attention-only transformers": W_E^T W_QK W_E and W_U W_OV W_E (column-vector convention), written
here with row vectors as in ARENA 1.2: W_E W_Q W_K^T W_E^T and W_E W_V W_O W_U.
https://transformer-circuits.pub/2021/framework/index.html
"""
import numpy as np


def full_qk(W_E: np.ndarray, W_Q: np.ndarray, W_K: np.ndarray) -> np.ndarray:
    # bracket the thin factors first: (V, Dh) @ (Dh, V) never forms a (D, D) matrix
    q_side = W_E @ W_Q  # (V, Dh): the query each token would make
    k_side = W_E @ W_K  # (V, Dh): the key each token would offer
    return q_side @ k_side.T  # (V, V): [query token, key token], unscaled score


def full_ov(W_E: np.ndarray, W_V: np.ndarray, W_O: np.ndarray, W_U: np.ndarray) -> np.ndarray:
    moved = (W_E @ W_V) @ W_O  # (V, D): what attending to each source token writes into the stream
    return moved @ W_U  # (V, V): [source token, output logit]
