"""Local 1-D block attention (Image Transformer). See README.md for the statement."""
import numpy as np


def local_block_attention(x: np.ndarray, params: dict, block: int, causal: bool = True, n_heads: int = 1) -> np.ndarray:
    """Each query attends to keys in its own block and the previous block (and, if causal, not after itself).

    x: (B, T, D). params: W_Q, W_K, W_V, W_O (D, D); b_O (D,). block: block length >= 1.
    n_heads divides D; head h uses columns h*Dh:(h+1)*Dh of the projections.
    Returns (B, T, D).
    """
    # TODO: project, split heads, pad T to whole blocks, build each block's memory (previous block + own block),
    # mask (no block before the first, no padding, causal), softmax, merge heads, W_O and b_O.
    raise NotImplementedError("local_block_attention is not implemented yet")
