"""Induction score on repeated tokens. See README.md for the statement."""
import numpy as np


def repeated_tokens(V: int, L: int, B: int, bos: int, seed: int) -> np.ndarray:
    """Rows of [bos, t_1..t_L, t_1..t_L]: shape (B, 1 + 2L), dtype int64.

    The random half comes from one call: np.random.default_rng(seed).integers(0, V, size=(B, L)).
    """
    # TODO: draw the (B, L) half once, then concatenate a bos column, the half and the half again.
    raise NotImplementedError("repeated_tokens is not implemented yet")


def induction_score(pattern: np.ndarray, L: int) -> np.ndarray:
    """Mean attention on the induction stripe (diagonal at offset 1 - L) of each head.

    pattern: (H, T, T) indexed [head, query, key], T = 2L + 1 (else raise ValueError).
    Returns (H,): the mean of pattern[h, q, q - L + 1] over q = L-1 .. 2L.
    """
    # TODO: check T, take np.diagonal(pattern, offset=1 - L, axis1=1, axis2=2), average per head.
    raise NotImplementedError("induction_score is not implemented yet")
