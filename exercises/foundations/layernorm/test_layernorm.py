"""Visible examples for layernorm: run with `dojo check layernorm` or pytest."""
import numpy as np

from layernorm import layer_norm


def test_example_1_one_row():
    x = np.array([[1.0, 2.0, 3.0, 4.0]])
    out = layer_norm(x, np.ones(4), np.zeros(4))
    np.testing.assert_allclose(out, [[-1.34163542, -0.44721181, 0.44721181, 1.34163542]], rtol=1e-5)
    assert type(out) is np.ndarray and out.dtype == np.float64, "return a float64 np.ndarray"
    np.testing.assert_array_equal(x, [[1.0, 2.0, 3.0, 4.0]], err_msg="layer_norm modified its input x in place")


def test_example_2_constant_row_and_affine():
    x = np.array([[5.0, 5.0, 5.0], [0.0, 3.0, 6.0]])
    out = layer_norm(x, np.array([2.0, 1.0, 0.5]), np.array([0.5, 0.0, -1.0]))
    assert np.isfinite(out).all(), "a constant row gave nan: add eps to the variance"
    np.testing.assert_allclose(out, [[0.5, 0.0, -1.0], [-1.9494877, 0.0, -0.38762807]], rtol=1e-5, atol=1e-8)
