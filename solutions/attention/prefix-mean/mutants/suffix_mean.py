"""Uses the upper triangle: averages each token with the tokens after it."""
import numpy as np


def prefix_mean(x):
    T = x.shape[1]
    wei = np.triu(np.ones((T, T)))
    return wei / wei.sum(axis=1, keepdims=True) @ x
