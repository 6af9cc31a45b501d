"""Forgets LayerNorm's centring: divides by the scale without subtracting the mean over D."""
import numpy as np


def residual_stack_to_logit_diff(stack, ln_scale, directions):
    return np.einsum("kbd,bd->kb", stack / ln_scale, directions).mean(axis=-1)
