"""Visible examples for linear-probe: run with `dojo check linear-probe` or pytest."""
import numpy as np

from linear_probe import fit_probe


def test_example_1_centred_no_penalty():
    w, b = fit_probe(np.array([[-2.0], [-1.0], [1.0], [2.0]]), np.array([0, 0, 1, 1]), 0.0)
    np.testing.assert_allclose(w, [0.6], rtol=1e-6)
    assert abs(b) < 1e-9


def test_example_2_penalty_shrinks_w():
    w, b = fit_probe(np.array([[-2.0], [-1.0], [1.0], [2.0]]), np.array([0, 0, 1, 1]), 10.0)
    np.testing.assert_allclose(w, [0.3], rtol=1e-6)
    assert abs(b) < 1e-9


def test_example_3_offset_needs_a_bias():
    w, b = fit_probe(np.array([[1.0], [2.0], [4.0], [5.0]]), np.array([0, 0, 1, 1]), 0.0)
    np.testing.assert_allclose(w, [0.6], rtol=1e-6)
    assert type(b) is float, f"b must be a Python float, got {type(b).__name__}"
    np.testing.assert_allclose(b, -1.8, rtol=1e-6)
