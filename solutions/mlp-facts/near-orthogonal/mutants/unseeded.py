"""Ignores the seed (fresh, unseeded generator): a good packing, but a different one on every call."""
import numpy as np


def pack_directions(n, d, seed):
    rng = np.random.default_rng()
    V = rng.normal(size=(n, d))
    V /= np.linalg.norm(V, axis=1, keepdims=True)
    for _ in range(2000):
        G = V @ V.T
        np.fill_diagonal(G, 0.0)
        if np.abs(G).max() < 0.3:
            break
        V = V - 0.1 * ((np.maximum(np.abs(G) - 0.25, 0.0) * np.sign(G)) @ V)
        V /= np.linalg.norm(V, axis=1, keepdims=True)
    return V
