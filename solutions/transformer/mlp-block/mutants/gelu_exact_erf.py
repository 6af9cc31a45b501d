"""Uses the exact erf GELU where the statement asks for the tanh approximation."""
import math

import numpy as np

_erf = np.vectorize(math.erf)


def mlp(x, W_in, b_in, W_out, b_out):
    h = x @ W_in + b_in
    h = 0.5 * h * (1.0 + _erf(h / math.sqrt(2.0)))
    return h @ W_out + b_out
