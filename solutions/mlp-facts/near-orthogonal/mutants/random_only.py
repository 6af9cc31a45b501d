"""Random unit vectors with no optimisation: at n=500, d=50 the largest |cos| is about 0.6."""
import numpy as np


def pack_directions(n, d, seed):
    V = np.random.default_rng(seed).normal(size=(n, d))
    return V / np.linalg.norm(V, axis=1, keepdims=True)
