"""Normalises only before the gradient steps: the vectors drift off the unit sphere."""
import numpy as np


def pack_directions(n, d, seed):
    V = np.random.default_rng(seed).normal(size=(n, d))
    V /= np.linalg.norm(V, axis=1, keepdims=True)
    for _ in range(200):
        G = V @ V.T
        np.fill_diagonal(G, 0.0)
        nrm = np.linalg.norm(V, axis=1)
        if (np.abs(G) / np.outer(nrm, nrm)).max() < 0.3:
            break
        V = V - 0.1 * ((np.maximum(np.abs(G) - 0.25, 0.0) * np.sign(G)) @ V)
    return V
