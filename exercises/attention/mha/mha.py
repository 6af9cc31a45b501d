"""Multi-head attention. See README.md for the statement."""
import numpy as np


def multi_head_attention(x: np.ndarray, W_Q: np.ndarray, W_K: np.ndarray, W_V: np.ndarray, W_O: np.ndarray,
                         b_O: np.ndarray, causal: bool = False) -> np.ndarray:
    """Sum over heads of softmax(q k^T / sqrt(Dh) [+ causal mask]) v W_O[h], plus b_O.

    x: (..., T, D). W_Q, W_K, W_V: (H, D, Dh). W_O: (H, Dh, D). b_O: (D,).
    causal: if True, position i attends to positions 0..i only.
    Returns (..., T, D).
    """
    # TODO: per-head q, k, v of shape (..., H, T, Dh); scores (..., H, T, T) scaled by sqrt(Dh);
    # optional causal mask; softmax; weights @ v; through W_O and summed over heads; + b_O.
    raise NotImplementedError("multi_head_attention is not implemented yet")
