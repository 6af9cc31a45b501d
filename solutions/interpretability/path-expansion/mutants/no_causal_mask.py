"""Forgets the causal mask: queries attend to later tokens too."""
import numpy as np


def path_expansion(tokens: np.ndarray, W_E: np.ndarray, heads: dict, W_U: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = W_E[tokens]  # (T, D): the residual stream before the layer is just the embedding
    T = x.shape[0]
    direct = x @ W_U  # (T, V): the path that skips every head
    q = np.einsum("td,hde->hte", x, heads["W_Q"])  # (H, T, Dh)
    k = np.einsum("td,hde->hte", x, heads["W_K"])  # (H, T, Dh)
    v = np.einsum("td,hde->hte", x, heads["W_V"])  # (H, T, Dh)
    Dh = q.shape[-1]
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(Dh)  # (H, T, T): [head, query, key]
    scores = scores  # a query sees keys <= itself
    A = np.exp(scores - scores.max(-1, keepdims=True))
    A = A / A.sum(-1, keepdims=True)  # (H, T, T): softmax over keys
    z = A @ v  # (H, T, Dh): attention-weighted values
    out = z @ heads["W_O"]  # (H, T, D): what each head writes into the stream
    per_head = out @ W_U  # (H, T, V): the unembedding is linear, so each head's logits separate
    return direct, per_head
