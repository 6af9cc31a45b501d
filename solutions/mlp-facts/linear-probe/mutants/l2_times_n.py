"""Scales the penalty by N (mean-squared-error convention) instead of using l2 as given."""
import numpy as np


def fit_probe(acts, labels, l2):
    N, D = acts.shape
    y = 2.0 * np.asarray(labels, dtype=np.float64) - 1.0
    Xc, yc = acts - acts.mean(0), y - y.mean()
    w = np.linalg.solve(Xc.T @ Xc + N * l2 * np.eye(D), Xc.T @ yc)
    return w, float(y.mean() - acts.mean(0) @ w)
