"""GELU, exact (erf) and tanh-approximate.

Source: Hendrycks & Gimpel 2016, "Gaussian Error Linear Units (GELUs)" (https://arxiv.org/abs/1606.08415);
GPT-2 and nanoGPT's `new_gelu` use the tanh form, torch.nn.GELU() defaults to the erf form.
"""
import math

import numpy as np

_erf = np.vectorize(math.erf, otypes=[np.float64])  # numpy has no erf; elementwise math.erf, any shape


def gelu_exact(x: np.ndarray) -> np.ndarray:
    # x * Phi(x), Phi the standard normal CDF = (1 + erf(x / sqrt 2)) / 2
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))  # same shape as x


def gelu_tanh(x: np.ndarray) -> np.ndarray:
    # tanh fit of Phi from the paper: sqrt(2/pi) * (x + 0.044715 x^3) inside the tanh
    inner = math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)  # same shape as x
    return 0.5 * x * (1.0 + np.tanh(inner))
