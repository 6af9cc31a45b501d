"""Copying score from OV eigenvalues. See README.md for the statement."""
import numpy as np


def copying_score(W_E: np.ndarray, W_V: np.ndarray, W_O: np.ndarray, W_U: np.ndarray) -> float:
    """Re(sum of eigenvalues) / sum of |eigenvalues| of the full OV circuit W_E W_V W_O W_U.

    W_E: (V, D); W_V: (D, Dh); W_O: (Dh, D); W_U: (D, V). Returns a float in [-1, 1];
    0.0 when every eigenvalue is zero. V may be large: use a small matrix with the same eigenvalues.
    """
    # TODO: rotate the chain to a (Dh, Dh) matrix, take np.linalg.eigvals, form the ratio.
    raise NotImplementedError("copying_score is not implemented yet")
