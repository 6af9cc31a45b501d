"""Direct logit attribution. See README.md for the statement."""
import numpy as np


def logit_attribution(embed: np.ndarray, l1: np.ndarray, l2: np.ndarray, W_U: np.ndarray, tokens: np.ndarray) -> np.ndarray:
    """Contribution of each component to the logit of the correct next token.

    embed: (T, D); l1, l2: (T, H, D) per-head outputs of layers 1 and 2; W_U: (D, V); tokens: (T,).
    Returns (T-1, 1 + 2H): [direct, layer-1 heads 0..H-1, layer-2 heads 0..H-1] for positions 0..T-2,
    each dotted with W_U[:, tokens[t + 1]].
    """
    # TODO: pick the correct-token unembeddings, dot each component with them, concatenate.
    raise NotImplementedError("logit_attribution is not implemented yet")
