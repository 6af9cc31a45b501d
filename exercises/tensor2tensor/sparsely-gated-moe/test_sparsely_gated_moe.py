"""Visible examples for sparsely-gated-moe: run with `dojo check sparsely-gated-moe` or pytest."""
import numpy as np
import pytest

from sparsely_gated_moe import moe_layer

X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
W_GATE = np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 0.5]])
EXPERTS = {"W1": np.stack([np.eye(2)] * 3), "b1": np.zeros((3, 2)),
           "W2": np.stack([np.eye(2), 2 * np.eye(2), -np.eye(2)]), "b2": np.zeros((3, 2))}


def test_example_1_top_1_without_noise():
    out = moe_layer(X, W_GATE, np.zeros((2, 3)), EXPERTS, 1, np.zeros((3, 3)))
    assert type(out) is tuple and len(out) == 4, "return the tuple (y, gates, importance_loss, load_loss)"
    y, gates, l_imp, l_load = out
    np.testing.assert_allclose(y, [[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    np.testing.assert_allclose(gates, [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]])
    assert type(l_imp) is float and type(l_load) is float, "the losses should be Python floats (not NumPy scalars)"
    assert l_imp == pytest.approx(2 / 3)
    assert l_load == pytest.approx(0.2890396292762741, rel=1e-6)


def test_example_2_top_2_with_noise():
    noise = np.array([[0.0, 0.5, 0.0], [1.0, -1.0, 0.0], [0.0, 0.0, 2.0]])
    y, gates, l_imp, l_load = moe_layer(X, W_GATE, np.zeros((2, 3)), EXPERTS, 2, noise)
    assert noise[1, 0] == 1.0, "do not modify noise in place"
    np.testing.assert_allclose(y, [[1.34221782, 0.0], [0.0, 0.09627448], [1.5, 1.5]], rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(gates, [[0.65778218, 0.34221782, 0.0], [0.54813724, 0.0, 0.45186276], [0.5, 0.5, 0.0]],
                               rtol=1e-6, atol=1e-8)
    assert l_imp == pytest.approx(0.2745572912083838, rel=1e-6)
    assert l_load == pytest.approx(0.18440690826620157, rel=1e-6)
