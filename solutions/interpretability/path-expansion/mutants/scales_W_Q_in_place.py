"""Folds 1/sqrt(Dh) into heads["W_Q"] in place (W_Q /= sqrt(Dh)), changing the caller's weights."""
import numpy as np


def path_expansion(tokens, W_E, heads, W_U):
    x = W_E[tokens]
    T = x.shape[0]
    W_Q = heads["W_Q"]
    W_Q /= np.sqrt(W_Q.shape[-1])  # scale the queries once, up front
    q = np.einsum("td,hde->hte", x, W_Q)
    k = np.einsum("td,hde->hte", x, heads["W_K"])
    v = np.einsum("td,hde->hte", x, heads["W_V"])
    scores = np.where(np.tril(np.ones((T, T), dtype=bool)), q @ np.swapaxes(k, -1, -2), -np.inf)
    A = np.exp(scores - scores.max(-1, keepdims=True))
    A /= A.sum(-1, keepdims=True)
    return x @ W_U, (A @ v) @ heads["W_O"] @ W_U
