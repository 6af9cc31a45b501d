"""Relative position representations (Shaw et al. 2018). See README.md for the statement."""
import numpy as np


def relative_index(Tq: int, Tk: int, k: int) -> np.ndarray:
    """idx[i, j] = clip(j - i, -k, k) + k, an int array of shape (Tq, Tk)."""
    # TODO
    raise NotImplementedError("relative_index is not implemented yet")


def relative_attention(x: np.ndarray, Wq: np.ndarray, Wk: np.ndarray, Wv: np.ndarray,
                       aK: np.ndarray, aV: np.ndarray, k: int) -> np.ndarray:
    """One head of self-attention with relative position tables.

    x: (T, D). Wq, Wk, Wv: (D, dz). aK, aV: (2k+1, dz), row r for offset r - k.
    e_ij = q_i . (k_j + aK[idx_ij]) / sqrt(dz); alpha = softmax over j; z_i = sum_j alpha_ij (v_j + aV[idx_ij]).
    Returns z: (T, dz).
    """
    # TODO
    raise NotImplementedError("relative_attention is not implemented yet")
