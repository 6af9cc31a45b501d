"""Visible examples for composition-scores: run with `dojo check composition-scores` or pytest."""
import numpy as np
import pytest

from composition_scores import composition_score, composition_scores


def test_example_1_aligned_and_orthogonal():
    W_A = np.array([[1.0, 1.0], [0.0, 0.0]])
    score = composition_score(W_A, np.array([[1.0, 0.0], [1.0, 0.0]]))
    assert type(score) is float, f"composition_score must return a Python float, got {type(score).__name__}"
    assert score == pytest.approx(1.0)
    assert composition_score(W_A, np.array([[1.0, 0.0], [-1.0, 0.0]])) == pytest.approx(0.0, abs=1e-12)


def test_example_2_q_k_v_between_two_heads():
    layer0 = {"W_Q": np.zeros((1, 2, 1)), "W_K": np.zeros((1, 2, 1)),
              "W_V": np.array([[[1.0], [0.0]]]), "W_O": np.array([[[0.0, 1.0]]])}
    layer1 = {"W_Q": np.array([[[0.0], [1.0]]]), "W_K": np.array([[[1.0], [0.0]]]),
              "W_V": np.array([[[1.0], [1.0]]]), "W_O": np.array([[[1.0, 0.0]]])}
    out = composition_scores(layer0, layer1)
    assert sorted(out) == ["k", "q", "v"]
    np.testing.assert_allclose(out["q"], [[1.0]])
    np.testing.assert_allclose(out["k"], [[0.0]], atol=1e-12)
    np.testing.assert_allclose(out["v"], [[0.70710678]], rtol=1e-6)
