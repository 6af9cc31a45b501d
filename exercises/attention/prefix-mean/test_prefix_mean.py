"""Visible examples for prefix-mean: run with `dojo check prefix-mean` or pytest."""
import numpy as np

from prefix_mean import prefix_mean


def test_example_1_running_mean():
    x = np.array([[[1.0, 2.0], [3.0, 4.0], [5.0, 0.0]]])
    out = prefix_mean(x)
    np.testing.assert_allclose(out, [[[1.0, 2.0], [2.0, 3.0], [3.0, 2.0]]], atol=1e-12)
    assert type(out) is np.ndarray and out.dtype == np.float64, "return a float64 np.ndarray"
    np.testing.assert_array_equal(x, [[[1.0, 2.0], [3.0, 4.0], [5.0, 0.0]]], err_msg="prefix_mean modified x in place")


def test_example_2_each_batch_element_on_its_own():
    out = prefix_mean(np.array([[[2.0], [4.0], [9.0]], [[-1.0], [1.0], [0.0]]]))
    assert out.shape == (2, 3, 1)
    np.testing.assert_allclose(out, [[[2.0], [3.0], [5.0]], [[-1.0], [0.0], [0.0]]], atol=1e-12)
