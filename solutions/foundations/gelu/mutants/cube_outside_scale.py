"""Leaves 0.044715 x^3 outside the sqrt(2/pi) factor: tanh(sqrt(2/pi) x + 0.044715 x^3)."""
import math

import numpy as np

_erf = np.vectorize(math.erf, otypes=[np.float64])


def gelu_exact(x):
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def gelu_tanh(x):
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * x + 0.044715 * x**3))
