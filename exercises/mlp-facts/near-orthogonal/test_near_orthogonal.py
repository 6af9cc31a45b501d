"""Visible examples for near-orthogonal: run with `dojo check near-orthogonal` or pytest."""
import numpy as np

from near_orthogonal import pack_directions


def max_abs_cos(V):
    U = V / np.linalg.norm(V, axis=1, keepdims=True)
    G = U @ U.T
    np.fill_diagonal(G, 0.0)
    return np.abs(G).max()


def test_example_1_three_in_three_dimensions():
    V = pack_directions(3, 3, 0)
    assert V.shape == (3, 3)
    np.testing.assert_allclose(np.linalg.norm(V, axis=1), np.ones(3), atol=1e-6)
    assert max_abs_cos(V) < 0.35


def test_example_2_five_hundred_in_fifty_dimensions():
    V = pack_directions(500, 50, 0)
    assert V.shape == (500, 50)
    np.testing.assert_allclose(np.linalg.norm(V, axis=1), np.ones(500), atol=1e-6,
                               err_msg="every row must be a unit vector: renormalise after each step")
    worst = max_abs_cos(V)
    assert worst < 0.35, f"largest |cos| is {worst:.3f}; random vectors give about 0.6, you need < 0.35"
