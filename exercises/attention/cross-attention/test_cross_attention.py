"""Visible examples for cross-attention: run with `dojo check cross-attention` or pytest."""
import numpy as np

from cross_attention import cross_attention

I = np.eye(2)[None]
PARAMS = {"W_Q": I, "W_K": I, "W_V": I, "W_O": I, "b_O": np.zeros(2)}
DEC = np.array([[1.0, 0.0], [0.0, 2.0]])
ENC = np.array([[1.0, 0.0], [0.0, 1.0], [3.0, 3.0]])


def test_example_1_no_padding():
    out, w = cross_attention(DEC, ENC, PARAMS)
    np.testing.assert_allclose(w, [[[0.17837015, 0.08794874, 0.73368111], [0.01338605, 0.05506018, 0.93155377]]],
                               rtol=1e-6)
    np.testing.assert_allclose(out, [[2.37941347, 2.28899206], [2.80804735, 2.84972148]], rtol=1e-6)


def test_example_2_padded_key_gets_zero_weight():
    enc = ENC.copy()
    result = cross_attention(DEC, enc, PARAMS, pad=np.array([False, False, True]))
    assert type(result) is tuple, "return a tuple (out, weights)"
    np.testing.assert_array_equal(enc, ENC, err_msg="cross_attention modified enc in place")
    out, w = result
    np.testing.assert_allclose(w, [[[0.66976155, 0.33023845, 0.0], [0.19557032, 0.80442968, 0.0]]],
                               rtol=1e-6, atol=1e-12)
    np.testing.assert_allclose(out, [[0.66976155, 0.33023845], [0.19557032, 0.80442968]], rtol=1e-6)
