"""Centres the activations in place (acts -= mean), changing the caller's array."""
import numpy as np


def fit_probe(acts, labels, l2):
    N, D = acts.shape
    y = 2.0 * np.asarray(labels, dtype=np.float64) - 1.0
    x_mean = acts.mean(axis=0)
    acts -= x_mean  # saves a copy, but the caller's activations are now centred too
    yc = y - y.mean()
    w = np.linalg.solve(acts.T @ acts + l2 * np.eye(D), acts.T @ yc)
    return w, float(y.mean() - x_mean @ w)
