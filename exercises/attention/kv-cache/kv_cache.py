"""KV cache for incremental decoding. See README.md for the statement."""
import numpy as np


def attend_step(x_t: np.ndarray, cache: dict, params: dict):
    """One decoding step of multi-head attention with a key/value cache.

    x_t: (D,). cache: {"k": (H, t, Dh), "v": (H, t, Dh)}, t >= 0 (empty: shape (H, 0, Dh)).
    params: {"W_Q", "W_K", "W_V": (H, D, Dh), "W_O": (H, Dh, D), "b_O": (D,)}.
    Returns (y_t (D,), new cache with shapes (H, t+1, Dh), the new token last).
    """
    # TODO: project x_t to q, k, v per head; append k, v to the cache (axis 1);
    # attend with q over all cached positions; sum heads through W_O; + b_O.
    raise NotImplementedError("attend_step is not implemented yet")


def run_steps(xs: np.ndarray, params: dict):
    """Run attend_step over the rows of xs (T, D) from the empty cache.

    Returns (ys (T, D), final cache {"k", "v": (H, T, Dh)}).
    """
    # TODO
    raise NotImplementedError("run_steps is not implemented yet")
