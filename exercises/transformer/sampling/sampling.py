"""The next-token distribution after temperature, top-k and top-p. See README.md for the statement."""
import numpy as np


def next_token_probs(logits: np.ndarray, temperature: float = 1.0, top_k: int | None = None,
                     top_p: float | None = None) -> np.ndarray:
    """Probabilities (V,) to sample the next token from.

    logits: (V,). temperature >= 0 (0 means greedy: one-hot at the argmax).
    top_k: None or int >= 1. top_p: None or float in (0, 1].
    Order: temperature, then top-k, then top-p; ties rank the lower index first.
    Raises ValueError for a negative temperature, top_k < 1, or top_p outside (0, 1].
    """
    # TODO: validate, divide by the temperature, rank tokens (stable), keep the top k, then the
    # shortest prefix whose mass >= top_p, and return the renormalised softmax of the survivors.
    raise NotImplementedError("next_token_probs is not implemented yet")
