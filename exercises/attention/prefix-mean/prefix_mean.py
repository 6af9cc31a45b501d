"""Prefix mean with a lower-triangular weight matrix. See README.md for the statement."""
import numpy as np


def prefix_mean(x: np.ndarray) -> np.ndarray:
    """out[:, t] = mean of x[:, :t+1], computed as W @ x.

    x: float array (B, T, C). Returns an array (B, T, C).
    """
    # TODO: W = lower-triangular ones (T, T), each row divided by its sum; return W @ x.
    raise NotImplementedError("prefix_mean is not implemented yet")
