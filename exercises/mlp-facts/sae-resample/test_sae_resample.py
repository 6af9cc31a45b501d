"""Visible examples for sae-resample: run with `dojo check sae-resample` or pytest."""
import numpy as np

from sae_resample import resample_dead

W_ENC = np.array([[2.0, 0.5, 0.0], [0.0, 0.5, 2.0]])
W_DEC = np.array([[1.0, 0.0], [0.70710678, 0.70710678], [0.0, 1.0]])
B_ENC = np.array([0.1, -3.0, 0.2])
X = np.array([[3.0, 4.0], [1.0, 0.0], [0.0, -2.0]])


def test_example_1_one_dead_latent():
    W_enc, W_dec, b_enc = resample_dead(W_ENC, W_DEC, B_ENC, np.array([0.3, 0.0, 0.1]), X, np.ones(3), 0)
    np.testing.assert_allclose(W_dec, [[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]], atol=1e-8)
    np.testing.assert_allclose(W_enc, [[2.0, 0.4, 0.0], [0.0, 0.0, 2.0]], atol=1e-8)
    np.testing.assert_allclose(b_enc, [0.1, 0.0, 0.2], atol=1e-12)


def test_example_2_zero_loss_inputs_are_never_picked():
    W_enc, W_dec, b_enc = resample_dead(W_ENC, W_DEC, B_ENC, np.array([0.0, 0.0, 0.1]), X, np.array([0.0, 0.0, 2.0]), 1)
    np.testing.assert_allclose(W_dec, [[0.0, -1.0], [0.0, -1.0], [0.0, 1.0]], atol=1e-8)
    np.testing.assert_allclose(W_enc, [[0.0, 0.0, 0.0], [-0.4, -0.4, 2.0]], atol=1e-8)
    np.testing.assert_allclose(b_enc, [0.0, 0.0, 0.2], atol=1e-12)


def test_inputs_are_not_modified():
    before = W_ENC.copy()
    resample_dead(W_ENC, W_DEC, B_ENC, np.array([0.3, 0.0, 0.1]), X, np.ones(3), 0)
    np.testing.assert_array_equal(W_ENC, before)
