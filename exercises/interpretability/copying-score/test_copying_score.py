"""Visible examples for copying-score: run with `dojo check copying-score` or pytest."""
import numpy as np
import pytest

from copying_score import copying_score


def test_example_1_identity_copies():
    I = np.eye(3)
    assert copying_score(I, I, I, I) == pytest.approx(1.0)


def test_example_2_rotation_scores_zero():
    I = np.eye(2)
    assert copying_score(I, I, np.array([[0.0, -1.0], [1.0, 0.0]]), I) == pytest.approx(0.0, abs=1e-12)


def test_example_3_mixed_signs():
    I = np.eye(2)
    assert copying_score(I, I, np.diag([2.0, -1.0]), I) == pytest.approx(1 / 3)
