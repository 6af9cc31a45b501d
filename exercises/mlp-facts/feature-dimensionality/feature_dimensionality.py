"""How many dimensions does each feature get? See README.md for the statement."""
import numpy as np


def feature_dimensionality(W: np.ndarray) -> np.ndarray:
    """D_i = ||W_i||^2 / sum_j (W_i_hat . W_j)^2 for every column W_i of W.

    W: (H, F) float array, column i is feature i's direction.
    Returns a float array of shape (F,); a zero column gets 0 (never NaN).
    """
    # TODO: all dot products at once with W.T @ W; guard the zero columns.
    raise NotImplementedError("feature_dimensionality is not implemented yet")
