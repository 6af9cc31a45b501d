"""Writes tanh(z) as (e^{2z} - 1) / (e^{2z} + 1): inf / inf = nan for large x."""
import math

import numpy as np

_erf = np.vectorize(math.erf, otypes=[np.float64])


def gelu_exact(x):
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def gelu_tanh(x):
    z = math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)
    e = np.exp(2.0 * z)
    return 0.5 * x * (1.0 + (e - 1.0) / (e + 1.0))
