"""Visible examples for mha: run with `dojo check mha` or pytest."""
import numpy as np

from mha import multi_head_attention

X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])


def test_example_1_one_head_identity_weights():
    I = np.eye(2)[None]
    x = X.copy()
    W_Q = I.copy()
    out = multi_head_attention(x, W_Q, I, I, I, np.zeros(2))
    assert type(out) is np.ndarray and out.dtype == np.float64, "return a float64 np.ndarray"
    np.testing.assert_array_equal(x, X, err_msg="multi_head_attention modified x in place")
    np.testing.assert_array_equal(W_Q, I, err_msg="multi_head_attention modified W_Q in place")
    np.testing.assert_allclose(out, [[0.80222419, 0.59888791], [0.59888791, 0.80222419], [0.75174492, 0.75174492]],
                               rtol=1e-6)


def test_example_2_two_causal_heads_summed():
    W_V = np.array([[[1.0], [0.0]], [[0.0], [1.0]]])
    W_O = np.array([[[1.0, 0.0]], [[0.0, 2.0]]])
    out = multi_head_attention(X, np.zeros((2, 2, 1)), np.zeros((2, 2, 1)), W_V, W_O, np.array([0.5, -0.5]),
                               causal=True)
    np.testing.assert_allclose(out, [[1.5, -0.5], [1.0, 0.5], [1.16666667, 0.83333333]], rtol=1e-6)
