"""Visible examples for gelu: run with `dojo check gelu` or pytest."""
import numpy as np

from gelu import gelu_exact, gelu_tanh

X = np.array([-2.0, -1.0, 0.0, 1.0, 2.0])


def test_example_1_exact():
    np.testing.assert_allclose(gelu_exact(X), [-0.04550026, -0.15865525, 0.0, 0.84134475, 1.95449974],
                               rtol=1e-6, atol=1e-8)


def test_example_2_tanh():
    x = X.copy()
    out = gelu_tanh(x)
    np.testing.assert_allclose(out, [-0.04540231, -0.15880801, 0.0, 0.84119199, 1.95459769], rtol=1e-6, atol=1e-8)
    assert type(out) is np.ndarray and out.dtype == np.float64, "return a float64 np.ndarray"
    np.testing.assert_array_equal(x, X, err_msg="gelu_tanh modified its input x in place")


def test_example_3_any_shape():
    out = gelu_exact(np.array([[3.0], [-3.0]]))
    assert out.shape == (2, 1)
    np.testing.assert_allclose(out, [[2.99595031], [-0.00404969]], rtol=1e-6, atol=1e-8)
