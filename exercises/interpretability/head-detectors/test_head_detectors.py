"""Visible examples for head-detectors: run with `dojo check head-detectors` or pytest."""
import numpy as np

from head_detectors import head_scores


def test_example_1_previous_and_current_token_heads():
    pattern = np.array([[[1., 0., 0., 0.], [1., 0., 0., 0.], [0., 1., 0., 0.], [0., 0., 1., 0.]],
                        [[1., 0., 0., 0.], [0., 1., 0., 0.], [0., 0., 1., 0.], [0., 0., 0., 1.]]])
    prev, current, first = head_scores(pattern)
    np.testing.assert_allclose(prev, [1.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(current, [0.25, 1.0], atol=1e-12)
    np.testing.assert_allclose(first, [0.5, 0.25], atol=1e-12)


def test_example_2_uniform_causal_head():
    pattern = np.array([[[1.0, 0.0, 0.0], [0.5, 0.5, 0.0], [1 / 3, 1 / 3, 1 / 3]]])
    prev, current, first = head_scores(pattern)
    assert prev.shape == current.shape == first.shape == (1,)
    np.testing.assert_allclose(prev, [0.41666667], rtol=1e-6)
    np.testing.assert_allclose(current, [0.61111111], rtol=1e-6)
    np.testing.assert_allclose(first, [0.61111111], rtol=1e-6)
