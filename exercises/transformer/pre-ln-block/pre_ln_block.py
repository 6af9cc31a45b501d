"""A pre-LN transformer block. See README.md for the statement and the params table."""
import numpy as np


def block(x: np.ndarray, params: dict, causal: bool = True) -> np.ndarray:
    """x + MHA(LN1(x)), then x + MLP(LN2(x)).

    x: (B, T, D).
    params: ln1_w, ln1_b (D,); W_Q, W_K, W_V (H, D, Dh); W_O (H, Dh, D); b_O (D,);
            ln2_w, ln2_b (D,); W_in (D, d_mlp); b_in (d_mlp,); W_out (d_mlp, D); b_out (D,).
    causal: mask keys after each query when True.
    Returns an array of shape (B, T, D).
    """
    # TODO: layer_norm (eps=1e-5, biased variance), multi-head attention (scale 1/sqrt(Dh), causal mask),
    # tanh-GELU MLP, and the two residual additions.
    raise NotImplementedError("block is not implemented yet")
