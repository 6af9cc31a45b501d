"""Uses the sigmoid approximation x * sigmoid(1.702 x) for the tanh form."""
import math

import numpy as np

_erf = np.vectorize(math.erf, otypes=[np.float64])


def gelu_exact(x):
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


def gelu_tanh(x):
    return x / (1.0 + np.exp(-1.702 * x))
