"""Logit difference of each residual-stream component, through the frozen final LayerNorm.

Source: ARENA 1.4 (Indirect Object Identification), `residual_stack_to_logit_diff` with
TransformerLens' `apply_ln_to_stack`: centre each component, divide by the cached final LN scale,
project on the logit-difference direction, average over the batch. The residual stream as a sum of
components is from A Mathematical Framework for Transformer Circuits (Elhage et al., 2021),
https://transformer-circuits.pub/2021/framework/index.html
"""
import numpy as np


def residual_stack_to_logit_diff(stack: np.ndarray, ln_scale: np.ndarray, directions: np.ndarray) -> np.ndarray:
    # LayerNorm is linear once its scale is frozen: centring and dividing distribute over a sum,
    # so every component can be pushed through it on its own.
    centred = stack - stack.mean(axis=-1, keepdims=True)  # (K, B, D): LN subtracts the mean over D
    scaled = centred / ln_scale  # (K, B, D): ln_scale (B, 1) broadcasts over components and D
    per_prompt = np.einsum("kbd,bd->kb", scaled, directions)  # (K, B): logit difference per prompt
    return per_prompt.mean(axis=-1)  # (K,): averaged over the batch
