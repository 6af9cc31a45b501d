"""Visible examples for qk-ov-circuits: run with `dojo check qk-ov-circuits` or pytest."""
import numpy as np

from qk_ov_circuits import full_ov, full_qk

W_E = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])


def test_example_1_full_qk():
    out = full_qk(W_E, np.array([[1.0], [2.0]]), np.array([[0.0], [1.0]]))
    np.testing.assert_allclose(out, [[0, 1, 1], [0, 2, 2], [0, 3, 3]], atol=1e-12)


def test_example_2_full_ov():
    W_V = np.array([[1.0], [0.0]])
    W_O = np.array([[0.0, 2.0]])
    W_U = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, -1.0]])
    np.testing.assert_allclose(full_ov(W_E, W_V, W_O, W_U), [[0, 2, -2], [0, 0, 0], [0, 2, -2]], atol=1e-12)
