"""Softmax without subtracting the row max: exp overflows to inf and gives NaN on large scores."""
import numpy as np


def path_expansion(tokens, W_E, heads, W_U):
    x = W_E[tokens]
    T = x.shape[0]
    q = np.einsum("td,hde->hte", x, heads["W_Q"])
    k = np.einsum("td,hde->hte", x, heads["W_K"])
    v = np.einsum("td,hde->hte", x, heads["W_V"])
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(scores) * np.tril(np.ones((T, T)))
        A = e / e.sum(-1, keepdims=True)
    return x @ W_U, (A @ v) @ heads["W_O"] @ W_U
