"""GELU, exact (erf) and tanh-approximate. See README.md for the statement."""
import math

import numpy as np


def gelu_exact(x: np.ndarray) -> np.ndarray:
    """x * Phi(x) with Phi(x) = (1 + erf(x / sqrt(2))) / 2, elementwise.

    x: float array of any shape, e.g. (B, T, 4D). Returns an array of the same shape.
    """
    # TODO: numpy has no erf: apply math.erf elementwise (np.vectorize keeps any shape).
    raise NotImplementedError("gelu_exact is not implemented yet")


def gelu_tanh(x: np.ndarray) -> np.ndarray:
    """0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x**3))), elementwise.

    x: float array of any shape. Returns an array of the same shape.
    """
    # TODO: the tanh approximation of GPT-2.
    raise NotImplementedError("gelu_tanh is not implemented yet")
