"""A sample learner's GELU: the tanh form is right, the exact form forgets to divide by sqrt(2)."""
import math

import numpy as np


def gelu_exact(x):
    erf = np.vectorize(math.erf, otypes=[np.float64])
    return 0.5 * x * (1.0 + erf(x))


def gelu_tanh(x):
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)))
