"""Pack n nearly-orthogonal unit vectors into R^d with n >> d.

Source: Elhage et al., "Toy Models of Superposition" (Anthropic, 2022) and 3Blue1Brown DL7 (the
Johnson-Lindenstrauss intuition): random directions in high dimension are already nearly orthogonal,
and a little gradient descent on the largest overlaps pushes every |cos| below a small bound.
"""
import numpy as np


def pack_directions(n: int, d: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)  # the only source of randomness: same seed, same packing
    V = rng.normal(size=(n, d))  # (n, d) isotropic: directions uniform on the sphere
    V /= np.linalg.norm(V, axis=1, keepdims=True)
    margin, target, lr = 0.25, 0.3, 0.1  # push overlaps above `margin` down until all are below `target`
    for _ in range(2000):
        G = V @ V.T  # (n, n) cosines, since every row has unit norm
        np.fill_diagonal(G, 0.0)  # a vector's overlap with itself is not interference
        if np.abs(G).max() < target:
            break
        # soft penalty E = 1/4 sum_{i != j} relu(|G_ij| - margin)^2; dE/dV = A @ V
        A = np.maximum(np.abs(G) - margin, 0.0) * np.sign(G)  # (n, n)
        V = V - lr * (A @ V)  # move each vector away from the ones it overlaps with too much
        V /= np.linalg.norm(V, axis=1, keepdims=True)  # back onto the unit sphere
    return V
