"""Visible examples for sdpa: run with `dojo check sdpa` or pytest."""
import numpy as np

from sdpa import attention

Q = np.array([[1.0, 0.0], [0.0, 1.0]])
K = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
V = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])


def test_example_1_no_mask():
    q = Q.copy()
    result = attention(q, K, V)
    assert type(result) is tuple, "return a tuple (out, weights)"
    np.testing.assert_array_equal(q, Q, err_msg="attention modified its argument Q in place")
    out, w = result
    assert out.dtype == np.float64 and w.dtype == np.float64
    np.testing.assert_allclose(w, [[0.40111209, 0.19777581, 0.40111209], [0.19777581, 0.40111209, 0.40111209]],
                               rtol=1e-6)
    np.testing.assert_allclose(out, [[3.0, 4.0], [3.40667256, 4.40667256]], rtol=1e-6)


def test_example_2_boolean_mask_true_means_attend():
    mask = np.array([[True, False, True], [False, True, False]])
    out, w = attention(Q, K, V, mask=mask)
    np.testing.assert_allclose(w, [[0.5, 0.0, 0.5], [0.0, 1.0, 0.0]], atol=1e-12)
    np.testing.assert_allclose(out, [[3.0, 4.0], [3.0, 4.0]], rtol=1e-6)
