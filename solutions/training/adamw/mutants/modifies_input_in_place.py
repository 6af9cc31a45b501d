"""Updates p, m and v in place (p *= ..., m *= beta1, ...): the caller's arrays change under it."""
import math

import numpy as np


def adamw_step(p, g, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
    beta1, beta2 = betas
    p *= 1.0 - lr * weight_decay
    m *= beta1
    m += (1.0 - beta1) * g
    v *= beta2
    v += (1.0 - beta2) * g * g
    denom = np.sqrt(v) / math.sqrt(1.0 - beta2 ** t) + eps
    p -= lr / (1.0 - beta1 ** t) * m / denom
    return p, m, v
