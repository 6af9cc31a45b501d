"""Layer normalisation over the last axis.

Source: Ba, Kiros & Hinton 2016, "Layer Normalization" (https://arxiv.org/abs/1607.06450);
the same computation as torch.nn.functional.layer_norm / nanoGPT's LayerNorm module.
"""
import numpy as np


def layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    mu = x.mean(axis=-1, keepdims=True)  # (..., 1)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)  # (..., 1) biased: divide by D, as torch does
    xhat = (x - mu) / np.sqrt(var + eps)  # (..., D) eps inside the root keeps constant rows finite
    return xhat * w + b  # (..., D) w, b (D,) broadcast over the leading axes
