"""Pack many nearly-orthogonal unit vectors into a small space. See README.md for the statement."""
import numpy as np


def pack_directions(n: int, d: int, seed: int) -> np.ndarray:
    """n unit vectors in R^d whose pairwise |cos| all stay below 0.35.

    Returns a float array of shape (n, d) with unit-norm rows; the same (n, d, seed) must give the
    same array, so draw all randomness from np.random.default_rng(seed).
    """
    # TODO: start from random unit vectors, then repeatedly push apart the pairs that overlap too much
    # (a gradient step on a penalty of large |cos|), renormalising the rows after every step.
    raise NotImplementedError("pack_directions is not implemented yet")
