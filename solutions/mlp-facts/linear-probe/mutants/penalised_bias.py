"""Appends a column of ones and penalises the bias together with the weights."""
import numpy as np


def fit_probe(acts, labels, l2):
    N, D = acts.shape
    y = 2.0 * np.asarray(labels, dtype=np.float64) - 1.0
    X = np.concatenate([acts, np.ones((N, 1))], axis=1)
    theta = np.linalg.solve(X.T @ X + l2 * np.eye(D + 1), X.T @ y)
    return theta[:D], float(theta[D])
