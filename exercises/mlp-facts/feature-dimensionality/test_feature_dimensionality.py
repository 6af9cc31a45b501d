"""Visible examples for feature-dimensionality: run with `dojo check feature-dimensionality` or pytest."""
import numpy as np

from feature_dimensionality import feature_dimensionality


def test_example_1_antipodal_pair_shares_a_dimension():
    out = feature_dimensionality(np.array([[1.0, -1.0]]))
    np.testing.assert_allclose(out, [0.5, 0.5], rtol=1e-9)


def test_example_2_orthogonal_features_and_a_zero_column():
    out = feature_dimensionality(np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]))
    assert not np.isnan(out).any(), "a zero column must give 0, not NaN"
    np.testing.assert_allclose(out, [1.0, 1.0, 0.0], atol=1e-12)


def test_example_3_pentagon():
    angles = 2 * np.pi * np.arange(5) / 5
    out = feature_dimensionality(np.stack([np.cos(angles), np.sin(angles)]))
    np.testing.assert_allclose(out, np.full(5, 0.4), rtol=1e-9)
