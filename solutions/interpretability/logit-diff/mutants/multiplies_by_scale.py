"""Multiplies by the LayerNorm scale instead of dividing by it."""
import numpy as np


def residual_stack_to_logit_diff(stack, ln_scale, directions):
    centred = stack - stack.mean(axis=-1, keepdims=True)
    return np.einsum("kbd,bd->kb", centred * ln_scale, directions).mean(axis=-1)
