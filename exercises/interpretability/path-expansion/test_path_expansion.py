"""Visible examples for path-expansion: run with `dojo check path-expansion` or pytest."""
import numpy as np

from path_expansion import path_expansion


def test_example_1_uniform_attention_head():
    heads = {"W_Q": np.zeros((1, 2, 1)), "W_K": np.zeros((1, 2, 1)),
             "W_V": np.array([[[1.0], [0.0]]]), "W_O": np.array([[[0.0, 2.0]]])}
    direct, per_head = path_expansion(np.array([0, 1, 1]), np.eye(2), heads, np.eye(2))
    np.testing.assert_allclose(direct, [[1, 0], [0, 1], [0, 1]], atol=1e-12)
    np.testing.assert_allclose(per_head, [[[0, 2], [0, 1], [0, 0.66666667]]], rtol=1e-6, atol=1e-12)


def test_example_2_query_key_preference():
    heads = {"W_Q": np.array([[[1.0], [1.0]]]), "W_K": np.array([[[0.0], [2.0]]]),
             "W_V": np.array([[[1.0], [-1.0]]]), "W_O": np.array([[[1.0, 0.0]]])}
    direct, per_head = path_expansion(np.array([1, 0]), np.eye(2), heads, np.eye(2))
    np.testing.assert_allclose(direct, [[0, 1], [1, 0]], atol=1e-12)
    np.testing.assert_allclose(per_head, [[[-1, 0], [-0.76159416, 0]]], rtol=1e-6, atol=1e-12)
