"""Visible examples for direct-logit-attribution: run with `dojo check direct-logit-attribution` or pytest."""
import numpy as np

from direct_logit_attribution import logit_attribution


def test_example_1_one_head_per_layer():
    embed = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    l1 = np.array([[[0.0, 1.0]], [[2.0, 0.0]], [[0.0, 0.0]]])
    l2 = np.array([[[1.0, 1.0]], [[0.0, -1.0]], [[3.0, 3.0]]])
    W_U = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, -1.0]])
    out = logit_attribution(embed, l1, l2, W_U, np.array([2, 0, 1]))
    np.testing.assert_allclose(out, [[1, 0, 1], [1, 0, -1]], atol=1e-12)


def test_example_2_column_layout():
    embed, l1, l2 = np.zeros((2, 3)), np.zeros((2, 2, 3)), np.zeros((2, 2, 3))
    l1[0, 1] = [1.0, 0.0, 0.0]
    l2[0, 0] = [0.0, 0.0, 1.0]
    out = logit_attribution(embed, l1, l2, np.eye(3), np.array([1, 0]))
    np.testing.assert_allclose(out, [[0, 0, 1, 0, 0]], atol=1e-12)
