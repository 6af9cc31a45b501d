"""Visible examples for mlp-block: run with `dojo check mlp-block` or pytest."""
import numpy as np

from mlp_block import mlp


def test_example_1_three_tokens():
    x = np.array([[1.0, -1.0], [0.5, 2.0], [0.0, 0.0]])
    W_in = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 1.0]])
    b_in = np.array([0.0, 0.5, 0.0])
    W_out = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]])
    b_out = np.array([0.0, 0.1])
    out = mlp(x, W_in, b_in, W_out, b_out)
    assert out.shape == (3, 2)
    np.testing.assert_allclose(out, [[0.79578968, -0.00888368], [1.74528559, 1.18534416], [0.0, 0.44571401]],
                               rtol=1e-6, atol=1e-8)


def test_example_2_gelu_lets_negatives_leak():
    out = mlp(np.array([[2.0]]), np.array([[1.0, -1.0]]), np.zeros(2), np.array([[1.0], [1.0]]), np.zeros(1))
    np.testing.assert_allclose(out, [[1.90919539]], rtol=1e-6)


def test_batched_input_keeps_its_shape():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 5, 4))
    W_in, b_in = rng.normal(size=(4, 16)), rng.normal(size=16)
    W_out, b_out = rng.normal(size=(16, 4)), rng.normal(size=4)
    out = mlp(x, W_in, b_in, W_out, b_out)
    assert out.shape == (2, 5, 4)
    np.testing.assert_allclose(out[1], mlp(x[1], W_in, b_in, W_out, b_out))
