"""Memory-compressed attention (Liu et al. 2018). See README.md for the statement and the causal rule."""
import numpy as np


def memory_compressed_attention(x: np.ndarray, params: dict, stride: int = 3, causal: bool = True,
                                n_heads: int = 1) -> np.ndarray:
    """Attention of every position over keys/values compressed by a strided convolution (kernel = stride).

    x: (B, T, D), T a multiple of stride.
    params: W_Q, W_K, W_V, W_O (D, D); b_O (D,); conv_k, conv_v (stride, D, D); conv_k_b, conv_v_b (D,).
    causal: query i sees slot n only if n*stride + stride - 1 <= i; a query that sees no slot gets a zero
    attention output (its result is b_O).
    Returns (B, T, D). Raises ValueError if T % stride != 0 or the kernels do not have `stride` taps.
    """
    # TODO: project, compress K and V over windows of `stride` positions, split heads, mask, softmax with
    # empty rows giving zeros, merge heads, W_O and b_O.
    raise NotImplementedError("memory_compressed_attention is not implemented yet")
