"""Sums over the batch instead of averaging."""
import numpy as np


def residual_stack_to_logit_diff(stack, ln_scale, directions):
    centred = stack - stack.mean(axis=-1, keepdims=True)
    return np.einsum("kbd,bd->kb", centred / ln_scale, directions).sum(axis=-1)
