"""Divides W_U by its norm in place (the score is scale-free), changing the caller's unembedding."""
import numpy as np


def copying_score(W_E, W_V, W_O, W_U):
    W_U /= np.linalg.norm(W_U)  # keeps the small matrix well scaled ... and rescales the caller's W_U
    lam = np.linalg.eigvals(W_O @ W_U @ W_E @ W_V)
    total = np.abs(lam).sum()
    return 0.0 if total == 0 else float(lam.sum().real / total)
