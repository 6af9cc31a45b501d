"""The GPT forward pass. See README.md for the statement and the params layout."""
import numpy as np


def gpt_forward(tokens: np.ndarray, params: dict) -> np.ndarray:
    """Logits of a GPT with learned positions, L causal pre-LN blocks, final LN and tied unembedding.

    tokens: int array (B, T).
    params: W_E (V, D); W_pos (n_ctx, D); blocks: list of L block dicts (ln1_w, ln1_b, W_Q, W_K, W_V,
            W_O, b_O, ln2_w, ln2_b, W_in, b_in, W_out, b_out, shaped as in pre-ln-block); ln_f_w, ln_f_b (D,).
    Returns logits of shape (B, T, V). Raises ValueError when T > n_ctx.
    """
    # TODO: embed + positions, run each causal block, final layer norm, multiply by W_E.T.
    raise NotImplementedError("gpt_forward is not implemented yet")
