"""Cosine top-k retrieval. See README.md for the statement."""
import numpy as np


def top_k_cosine(q: np.ndarray, D: np.ndarray, k: int):
    """The min(k, N) rows of D most cosine-similar to q.

    q: (d,) query embedding. D: (N, d) document embeddings. k: int >= 1.
    Returns (indices int array (min(k, N),), scores float array (min(k, N),)), best first,
    ties to the lower index; the cosine with a zero vector is 0.
    """
    # TODO: dots = D @ q, divide by the norms where they are non-zero, stable descending sort.
    raise NotImplementedError("top_k_cosine is not implemented yet")
