"""Regresses onto the raw 0/1 labels instead of coding them as -1/+1."""
import numpy as np


def fit_probe(acts, labels, l2):
    N, D = acts.shape
    y = np.asarray(labels, dtype=np.float64)
    Xc, yc = acts - acts.mean(0), y - y.mean()
    w = np.linalg.solve(Xc.T @ Xc + l2 * np.eye(D), Xc.T @ yc)
    return w, float(y.mean() - acts.mean(0) @ w)
