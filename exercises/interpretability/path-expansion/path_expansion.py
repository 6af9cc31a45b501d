"""Path expansion of a one-layer attention-only transformer. See README.md for the statement."""
import numpy as np


def path_expansion(tokens: np.ndarray, W_E: np.ndarray, heads: dict, W_U: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Split the logits into the direct path and one term per head.

    tokens: (T,) ints; W_E: (V, D); W_U: (D, V);
    heads: {"W_Q", "W_K", "W_V": (H, D, Dh), "W_O": (H, Dh, D)}.
    Returns (direct (T, V), per_head (H, T, V)) with direct + per_head.sum(0) == logits.
    Attention: scores / sqrt(Dh), causal mask, softmax over keys; no positions, no biases.
    """
    # TODO: embed, direct path, per-head attention patterns, then A @ (x W_V W_O) @ W_U per head.
    raise NotImplementedError("path_expansion is not implemented yet")
