"""Visible examples for label-smoothing: run with `dojo check label-smoothing` or pytest."""
import math

import numpy as np
import pytest

from label_smoothing import smoothed_cross_entropy


def test_example_1_uniform_smoothing():
    logits = np.array([[2.0, 0.0, -1.0], [0.5, 0.5, 0.5]])
    y = np.array([0, 2])
    assert math.isclose(smoothed_cross_entropy(logits, y, 0.0), 0.6342291541121977, rel_tol=1e-9)
    assert math.isclose(smoothed_cross_entropy(logits, y, 0.1), 0.7175624874455311, rel_tol=1e-9)


def test_example_2_t2t_versus_uniform():
    logits = np.array([[1.0, 2.0, 3.0, 4.0]])
    y = np.array([3])
    assert math.isclose(smoothed_cross_entropy(logits, y, 0.2), 0.7401896985611953, rel_tol=1e-9)
    assert math.isclose(smoothed_cross_entropy(logits, y, 0.2, mode="t2t"), 0.8401896985611954, rel_tol=1e-9)
    assert math.isclose(smoothed_cross_entropy(logits, y, 0.0), 0.44018969856119533, rel_tol=1e-9)


def test_example_3_unknown_mode_raises():
    with pytest.raises(ValueError):
        smoothed_cross_entropy(np.zeros((1, 3)), np.array([0]), 0.1, mode="gaussian")


def test_logits_are_not_modified():
    logits = np.array([[1.0, 2.0, 3.0, 4.0]])
    smoothed_cross_entropy(logits, np.array([3]), 0.2)
    np.testing.assert_array_equal(logits, [[1.0, 2.0, 3.0, 4.0]], err_msg="logits were modified in place")
