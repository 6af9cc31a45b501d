"""Beam search over a next-token log-probability function. See README.md for the exact procedure."""
import numpy as np


def beam_search(logprob_fn, bos: int, width: int, max_len: int, eos: int | None = None):
    """Return up to `width` complete hypotheses [(tokens, score), ...], best first.

    logprob_fn(prefix: list[int]) -> np.ndarray (V,) of log-probabilities; prefix starts with bos.
    Scores are sums of log-probabilities (no length penalty). Ranking: higher score first, then the
    lexicographically smaller token list. tokens excludes bos; score is a Python float.
    Raises ValueError when width < 1 or max_len < 1.
    """
    # TODO: expand every live hypothesis, rank all extensions together, keep `width`, move those ending
    # in eos to the finished list; after at most max_len steps, rank finished + live and return the best.
    raise NotImplementedError("beam_search is not implemented yet")
