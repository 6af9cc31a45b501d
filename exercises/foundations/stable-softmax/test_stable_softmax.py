"""Visible examples for stable-softmax: run with `dojo check stable-softmax` or pytest."""
import numpy as np

from stable_softmax import softmax


def test_example_1_small_vector():
    x = np.array([1.0, 2.0, 3.0])
    out = softmax(x)
    np.testing.assert_allclose(out, [0.09003057, 0.24472847, 0.66524096], rtol=1e-6)
    assert type(out) is np.ndarray and out.dtype == np.float64, "return a float64 np.ndarray"
    np.testing.assert_array_equal(x, [1.0, 2.0, 3.0], err_msg="softmax modified its input x in place")


def test_example_2_large_values_do_not_overflow():
    out = softmax(np.array([[1000.0, 1000.0], [-1e4, 0.0]]), axis=-1)
    assert np.isfinite(out).all(), "softmax returned nan or inf: subtract the max first"
    np.testing.assert_allclose(out, [[0.5, 0.5], [0.0, 1.0]], atol=1e-12)


def test_example_3_axis_zero_normalises_columns():
    out = softmax(np.array([[1.0, 2.0], [3.0, 4.0]]), axis=0)
    np.testing.assert_allclose(out.sum(axis=0), [1.0, 1.0])
    np.testing.assert_allclose(out[:, 0], [0.11920292, 0.88079708], rtol=1e-6)
