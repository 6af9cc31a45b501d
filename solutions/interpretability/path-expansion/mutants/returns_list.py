"""Returns [direct, per_head] as a list where the statement asks for a tuple."""
import numpy as np


def path_expansion(tokens, W_E, heads, W_U):
    x = W_E[tokens]
    T = x.shape[0]
    q = np.einsum("td,hde->hte", x, heads["W_Q"])
    k = np.einsum("td,hde->hte", x, heads["W_K"])
    v = np.einsum("td,hde->hte", x, heads["W_V"])
    scores = np.where(np.tril(np.ones((T, T), dtype=bool)), q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1]), -np.inf)
    A = np.exp(scores - scores.max(-1, keepdims=True))
    A /= A.sum(-1, keepdims=True)
    return [x @ W_U, (A @ v) @ heads["W_O"] @ W_U]
