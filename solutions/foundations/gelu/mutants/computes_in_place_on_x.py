"""Saves memory with in-place operations that end on the caller's x (x *= 0.5; x *= 1 + tanh)."""
import math

import numpy as np

_erf = np.vectorize(math.erf, otypes=[np.float64])


def gelu_exact(x):
    phi = 1.0 + _erf(x / math.sqrt(2.0))
    x *= 0.5
    x *= phi
    return x


def gelu_tanh(x):
    inner = x ** 3
    inner *= 0.044715
    inner += x
    inner *= math.sqrt(2.0 / math.pi)
    np.tanh(inner, out=inner)
    inner += 1.0
    x *= 0.5
    x *= inner
    return x
