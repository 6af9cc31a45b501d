"""Word analogies by vector arithmetic. See README.md for the statement."""
import numpy as np


def analogy(E: np.ndarray, vocab: list, a: str, b: str, c: str, topn: int = 1) -> list:
    """"a is to b as c is to ?" by 3CosAdd on unit-normalised vectors.

    E: (V, d) word vectors, row i for vocab[i]. a, b, c: words of vocab.
    Returns a list of up to topn (word, score) tuples, best first, never a, b or c.
    """
    # TODO: unit-normalise rows (zero rows stay zero), t = e_b - e_a + e_c, cosine of every row with t,
    # drop a, b, c, sort descending with ties to the lower index.
    raise NotImplementedError("analogy is not implemented yet")
