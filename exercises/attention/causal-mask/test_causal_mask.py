"""Visible examples for causal-mask: run with `dojo check causal-mask` or pytest."""
import numpy as np

from causal_mask import causal_attention


def test_example_1_lower_triangular_weights():
    Q = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 1.0, 0.0]])
    V = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    out, w = causal_attention(Q, Q, V)
    np.testing.assert_allclose(w, [[1.0, 0.0, 0.0], [0.35954252, 0.64045748, 0.0],
                                   [0.26445846, 0.26445846, 0.47108308]], rtol=1e-6, atol=1e-12)
    np.testing.assert_allclose(out, [[1.0, 0.0], [0.35954252, 0.64045748], [0.73554154, 0.73554154]],
                               rtol=1e-6, atol=1e-12)


def test_example_2_equal_scores_average_the_past():
    result = causal_attention(np.zeros((2, 2)), np.zeros((2, 2)), np.array([[2.0, 0.0], [4.0, 2.0]]))
    assert type(result) is tuple, "return a tuple (out, weights)"
    out, w = result
    assert not np.isnan(out).any(), "nan in the output: is the diagonal allowed?"
    np.testing.assert_allclose(w, [[1.0, 0.0], [0.5, 0.5]], atol=1e-12)
    np.testing.assert_allclose(out, [[2.0, 0.0], [3.0, 1.0]], atol=1e-12)
