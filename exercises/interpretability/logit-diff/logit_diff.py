"""Logit difference of residual components. See README.md for the statement."""
import numpy as np


def residual_stack_to_logit_diff(stack: np.ndarray, ln_scale: np.ndarray, directions: np.ndarray) -> np.ndarray:
    """Each component's logit difference through the frozen final LayerNorm, averaged over the batch.

    stack: (K, B, D) components; ln_scale: (B, 1) cached LN scale; directions: (B, D).
    Returns (K,): mean over b of ((stack[k, b] - its mean over D) / ln_scale[b]) . directions[b].
    """
    # TODO: centre each component over D, divide by the scale, project on the directions, average over B.
    raise NotImplementedError("residual_stack_to_logit_diff is not implemented yet")
