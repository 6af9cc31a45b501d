"""Cross-attention with a key padding flag. See README.md for the statement."""
import numpy as np


def cross_attention(dec: np.ndarray, enc: np.ndarray, params: dict, pad: np.ndarray | None = None):
    """Multi-head attention with queries from `dec` and keys/values from `enc`.

    dec: (Tq, D). enc: (Tk, D).
    params: {"W_Q", "W_K", "W_V": (H, D, Dh), "W_O": (H, Dh, D), "b_O": (D,)}.
    pad: None or bool (Tk,), True = padding position, gets weight 0.
    Returns (out (Tq, D), weights (H, Tq, Tk)).
    """
    # TODO: q from dec, k and v from enc (per head), scores / sqrt(Dh), -inf where pad is True,
    # softmax over the last axis, weights @ v through W_O summed over heads, + b_O.
    raise NotImplementedError("cross_attention is not implemented yet")
