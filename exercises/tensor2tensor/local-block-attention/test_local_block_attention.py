"""Visible examples for local-block-attention: run with `dojo check local-block-attention` or pytest."""
import numpy as np

from local_block_attention import local_block_attention

PARAMS = {"W_Q": np.zeros((1, 1)), "W_K": np.zeros((1, 1)), "W_V": np.eye(1), "W_O": np.eye(1), "b_O": np.zeros(1)}
X = np.arange(1.0, 7.0).reshape(1, 6, 1)


def test_example_1_block_two():
    np.testing.assert_allclose(local_block_attention(X, PARAMS, 2)[0, :, 0], [1.0, 1.5, 2.0, 2.5, 4.0, 4.5])
    np.testing.assert_allclose(local_block_attention(X, PARAMS, 2, causal=False)[0, :, 0], [1.5, 1.5, 2.5, 2.5, 4.5, 4.5])


def test_example_2_short_last_block():
    out = local_block_attention(X, PARAMS, 4)
    assert out.shape == (1, 6, 1)
    np.testing.assert_allclose(out[0, :, 0], [1.0, 1.5, 2.0, 2.5, 3.0, 3.5])
