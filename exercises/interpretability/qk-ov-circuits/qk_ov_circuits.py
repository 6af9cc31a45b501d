"""Full QK and OV circuits. See README.md for the statement."""
import numpy as np


def full_qk(W_E: np.ndarray, W_Q: np.ndarray, W_K: np.ndarray) -> np.ndarray:
    """W_E W_Q W_K^T W_E^T: (V, V), [query token, key token], unscaled.

    W_E: (V, D); W_Q, W_K: (D, Dh).
    """
    # TODO: queries and keys of every token, then all their dot products.
    raise NotImplementedError("full_qk is not implemented yet")


def full_ov(W_E: np.ndarray, W_V: np.ndarray, W_O: np.ndarray, W_U: np.ndarray) -> np.ndarray:
    """W_E W_V W_O W_U: (V, V), [source token, output token].

    W_E: (V, D); W_V: (D, Dh); W_O: (Dh, D); W_U: (D, V).
    """
    # TODO: push every token's embedding through value, output and unembedding.
    raise NotImplementedError("full_ov is not implemented yet")
