"""Visible examples for sae-forward: run with `dojo check sae-forward` or pytest."""
import numpy as np

from sae_forward import sae_forward


def test_example_1_subtract_b_dec_then_relu():
    x_hat, f, losses = sae_forward(np.array([[3.0, 0.5]]), np.eye(2), np.zeros(2), np.eye(2), np.array([1.0, 1.0]), 0.1)
    np.testing.assert_allclose(f, [[2.0, 0.0]], atol=1e-12, err_msg="encode x - b_dec, not x")
    np.testing.assert_allclose(x_hat, [[3.0, 1.0]], atol=1e-12)
    assert set(losses) == {"l2", "l1", "loss"}
    np.testing.assert_allclose([losses["l2"], losses["l1"], losses["loss"]], [0.125, 2.0, 0.325], rtol=1e-9)


def test_example_2_three_latents_in_two_dimensions():
    W_dec = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]])
    x_hat, f, losses = sae_forward(np.array([[1.0, 0.0], [0.6, 0.8]]), W_dec.T, np.full(3, -0.5), W_dec, np.zeros(2), 0.01)
    np.testing.assert_allclose(f, [[0.5, 0.0, 0.1], [0.1, 0.3, 0.5]], atol=1e-12)
    np.testing.assert_allclose(x_hat, [[0.56, 0.08], [0.4, 0.7]], atol=1e-12)
    np.testing.assert_allclose([losses["l2"], losses["l1"], losses["loss"]], [0.0625, 0.75, 0.07], rtol=1e-9)
    assert all(type(v) is float for v in losses.values()), \
        f"each loss must be a Python float, got {[type(v).__name__ for v in losses.values()]}"
