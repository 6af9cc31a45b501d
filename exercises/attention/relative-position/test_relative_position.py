"""Visible examples for relative-position: run with `dojo check relative-position` or pytest."""
import numpy as np

from relative_position import relative_attention, relative_index


def test_example_1_clipped_offsets():
    out = relative_index(3, 5, 1)
    assert type(out) is np.ndarray and out.dtype.kind in "iu", "return an integer np.ndarray"
    np.testing.assert_array_equal(out, [[1, 2, 2, 2, 2], [0, 1, 2, 2, 2], [0, 0, 1, 2, 2]])


def test_example_2_tables_shift_keys_and_values():
    x = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    aK = np.array([[0.0, 0.0], [0.0, 0.0], [2.0, 0.0]])
    aV = np.array([[1.0, 0.0], [0.0, 0.0], [0.0, 0.0]])
    Wq = np.eye(2)
    z = relative_attention(x, Wq, np.eye(2), np.eye(2), aK, aV, 1)
    assert type(z) is np.ndarray and z.dtype == np.float64, "return a float64 np.ndarray"
    np.testing.assert_array_equal(Wq, np.eye(2), err_msg="relative_attention modified Wq in place")
    np.testing.assert_allclose(z, [[0.71600459, 0.85997075], [0.79666372, 0.80222419], [1.24825508, 0.75174492]],
                               rtol=1e-6)
