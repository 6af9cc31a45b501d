"""Visible examples for factored-svd: run with `dojo check factored-svd` or pytest."""
import numpy as np

from factored_svd import factored_svd


def test_example_1_rank_two_product():
    A = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    B = np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0]])
    np.testing.assert_allclose(factored_svd(A, B), [3.7527007, 1.38464344], rtol=1e-6)


def test_example_2_outer_product():
    np.testing.assert_allclose(factored_svd(np.array([[1.0], [2.0], [2.0]]), np.array([[3.0, 4.0]])), [15.0])
