"""Fit a linear probe by closed-form ridge regression. See README.md for the statement."""
import numpy as np


def fit_probe(acts: np.ndarray, labels: np.ndarray, l2: float) -> tuple:
    """Ridge regression of labels coded -1/+1 on activations, with an unpenalised bias.

    acts: (N, D) float activations; labels: (N,) ints in {0, 1}; l2: penalty on w, >= 0.
    Returns (w, b): w a float array of shape (D,), b a float. Predict label 1 where acts @ w + b > 0.
    """
    # TODO: code the labels as -1/+1, centre acts and targets, solve (Xc^T Xc + l2 I) w = Xc^T yc,
    # then recover the bias from the means.
    raise NotImplementedError("fit_probe is not implemented yet")
