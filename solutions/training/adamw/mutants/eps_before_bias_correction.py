"""Adds eps to sqrt(v) before dividing by sqrt(1 - beta2**t) (the Adam paper's eps-hat), not after."""
import math

import numpy as np


def adamw_step(p, g, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    beta1, beta2 = betas
    p = p * (1 - lr * weight_decay)
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    denom = (np.sqrt(v) + eps) / math.sqrt(1 - beta2 ** t)
    return p - lr / (1 - beta1 ** t) * m / denom, m, v
