"""Visible examples for cross-entropy: run with `dojo check cross-entropy` or pytest."""
import math

import numpy as np

from cross_entropy import cross_entropy


def test_example_1_single_row():
    out = cross_entropy(np.array([[2.0, 1.0, 0.1]]), np.array([0]))
    assert math.isclose(out, 0.41703001627783376, rel_tol=1e-6)


def test_example_2_ignored_row_is_left_out():
    y = np.array([1, -100])
    out = cross_entropy(np.array([[0.0, 0.0, 0.0], [5.0, 0.0, 0.0]]), y)
    assert math.isclose(out, math.log(3), rel_tol=1e-6), "uniform logits over 3 classes give ln 3"
    assert isinstance(out, (float, np.floating)), "return a Python float (or a NumPy floating scalar), not an array"
    np.testing.assert_array_equal(y, [1, -100], err_msg="cross_entropy modified its argument y in place")


def test_example_3_large_logits_do_not_overflow():
    out = cross_entropy(np.array([[1e4, 0.0], [0.0, 1e4]]), np.array([0, 0]))
    assert math.isfinite(out), "got nan or inf: use the log-sum-exp trick"
    assert math.isclose(out, 5000.0, rel_tol=1e-6)
