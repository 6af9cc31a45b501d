"""Centres the stack in place (stack -= mean), changing the caller's components."""
import numpy as np


def residual_stack_to_logit_diff(stack, ln_scale, directions):
    stack -= stack.mean(axis=-1, keepdims=True)
    return np.einsum("kbd,bd->kb", stack / ln_scale, directions).mean(axis=-1)
