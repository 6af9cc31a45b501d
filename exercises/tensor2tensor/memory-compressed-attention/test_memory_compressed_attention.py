"""Visible examples for memory-compressed-attention: run with `dojo check memory-compressed-attention` or pytest."""
import numpy as np
import pytest

from memory_compressed_attention import memory_compressed_attention

X = np.arange(1.0, 7.0).reshape(1, 6, 1)


def params(conv_v, conv_k):
    return {"W_Q": np.zeros((1, 1)), "W_K": np.zeros((1, 1)), "W_V": np.eye(1), "W_O": np.eye(1), "b_O": np.zeros(1),
            "conv_k": conv_k, "conv_k_b": np.zeros(1), "conv_v": conv_v, "conv_v_b": np.zeros(1)}


def test_example_1_stride_3():
    p = params(np.full((3, 1, 1), 1 / 3), np.zeros((3, 1, 1)))
    out = memory_compressed_attention(X, p)
    assert out.shape == (1, 6, 1)
    assert np.isfinite(out).all(), "queries that see no slot must give 0, not NaN"
    np.testing.assert_allclose(out[0, :, 0], [0.0, 0.0, 2.0, 2.0, 2.0, 3.5], atol=1e-12)
    np.testing.assert_allclose(memory_compressed_attention(X, p, causal=False)[0, :, 0], np.full(6, 3.5))


def test_example_2_stride_2():
    p = params(np.array([[[1.0]], [[0.0]]]), np.zeros((2, 1, 1)))
    np.testing.assert_allclose(memory_compressed_attention(X, p, stride=2)[0, :, 0], [0, 1, 1, 2, 2, 3], atol=1e-12)


def test_length_not_a_multiple_raises():
    p = params(np.full((3, 1, 1), 1 / 3), np.zeros((3, 1, 1)))
    with pytest.raises(ValueError):
        memory_compressed_attention(np.ones((1, 7, 1)), p)
