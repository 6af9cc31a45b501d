"""One step of AdamW: Adam with decoupled weight decay, as torch.optim.AdamW computes it.

Source: Loshchilov & Hutter 2019, "Decoupled Weight Decay Regularization" (Algorithm 2); Kingma & Ba
2015, "Adam" (Algorithm 1, bias correction); the order of operations and the placement of eps follow
torch.optim.AdamW (decay first, eps added after the bias-corrected square root).
"""
import math

import numpy as np


def adamw_step(
    p: np.ndarray,
    g: np.ndarray,
    m: np.ndarray,
    v: np.ndarray,
    t: int,
    lr: float = 1e-3,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
    weight_decay: float = 1e-2,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    beta1, beta2 = betas
    # decoupled decay: shrink the weights directly, scaled by lr, before (and apart from) the Adam step;
    # the gradient, and so m and v, never see the decay term
    p = p * (1.0 - lr * weight_decay)  # same shape as p
    m = beta1 * m + (1.0 - beta1) * g  # first moment, an EMA of g
    v = beta2 * v + (1.0 - beta2) * g * g  # second moment, an EMA of g^2
    # m and v start at 0, so early on they underestimate; t counts from 1
    bias_correction1 = 1.0 - beta1 ** t
    bias_correction2 = 1.0 - beta2 ** t
    denom = np.sqrt(v) / math.sqrt(bias_correction2) + eps  # eps outside the corrected sqrt, as in torch
    p = p - (lr / bias_correction1) * m / denom
    return p, m, v
