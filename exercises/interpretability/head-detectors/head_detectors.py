"""Attention-head detectors. See README.md for the statement."""
import numpy as np


def head_scores(pattern: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Previous-token, current-token and first-token scores of each head.

    pattern: (H, T, T) attention weights indexed [head, query, key], T >= 2.
    Returns (prev, current, first), each of shape (H,):
      prev:    mean of pattern[h, q, q-1] over queries q = 1..T-1
      current: mean of pattern[h, q, q]   over queries q = 0..T-1
      first:   mean of pattern[h, q, 0]   over queries q = 0..T-1
    """
    # TODO: take per-head diagonals (np.diagonal with axis1=1, axis2=2) and column 0, then average.
    raise NotImplementedError("head_scores is not implemented yet")
