"""Divides every prefix sum by T instead of by the prefix length t + 1."""
import numpy as np


def prefix_mean(x):
    T = x.shape[1]
    return np.tril(np.ones((T, T))) / T @ x
