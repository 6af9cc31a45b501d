"""Feature dimensionality: the fraction of a hidden dimension each feature gets.

Source: Elhage et al., "Toy Models of Superposition" (Anthropic, 2022), section "Feature
Dimensionality": D_i = ||W_i||^2 / sum_j (W_i_hat . W_j)^2.
"""
import numpy as np


def feature_dimensionality(W: np.ndarray) -> np.ndarray:
    G = W.T @ W  # (F, F) G[i, j] = W_i . W_j
    sq_norm = np.diag(G)  # (F,) ||W_i||^2
    # Multiply top and bottom by ||W_i||^2: D_i = ||W_i||^4 / sum_j (W_i . W_j)^2, no division by a norm.
    denom = (G ** 2).sum(axis=1)  # (F,) includes j = i, so D_i <= 1
    alive = sq_norm > 0  # a zero column gets no dimension at all (and no 0 / 0)
    out = np.zeros(W.shape[1])
    out[alive] = sq_norm[alive] ** 2 / denom[alive]
    return out
