"""A linear probe fitted in closed form: ridge regression onto +-1 labels, bias not penalised.

Source: the probing used throughout "Fact Finding" (Nanda et al., DeepMind 2023) to ask whether an
attribute is linearly readable from activations; the estimator is textbook ridge regression
(Hoerl & Kennard, 1970) with the intercept handled by centring, as in sklearn.linear_model.Ridge.
"""
import numpy as np


def fit_probe(acts: np.ndarray, labels: np.ndarray, l2: float) -> tuple:
    N, D = acts.shape
    y = 2.0 * np.asarray(labels, dtype=np.float64) - 1.0  # (N,) labels 0/1 coded as -1/+1
    x_mean = acts.mean(axis=0)  # (D,)
    y_mean = y.mean()
    Xc = acts - x_mean  # (N, D) centring removes the bias from the penalised problem
    yc = y - y_mean  # (N,)
    A = Xc.T @ Xc + l2 * np.eye(D)  # (D, D) the normal equations with the ridge term
    w = np.linalg.solve(A, Xc.T @ yc)  # (D,) solve, never invert
    b = float(y_mean - x_mean @ w)  # the unpenalised bias makes the fit pass through the means
    return w, b
