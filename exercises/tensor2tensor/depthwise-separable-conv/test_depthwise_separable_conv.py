"""Visible examples for depthwise-separable-conv: run with `dojo check depthwise-separable-conv` or pytest."""
import numpy as np
import pytest

from depthwise_separable_conv import conv_param_counts, depthwise_separable_conv1d


def test_example_1_two_channels():
    x = np.array([[[1.0, 0.0], [2.0, 1.0], [0.0, 3.0], [1.0, 1.0]]])
    out = depthwise_separable_conv1d(x, np.array([[1.0, 1.0], [1.0, -1.0]]), np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]]))
    assert out.shape == (1, 3, 3) and out.dtype == np.float64
    np.testing.assert_allclose(out, [[[3.0, -1.0, 2.0], [2.0, -2.0, 0.0], [1.0, 2.0, 3.0]]])


def test_example_2_parameter_counts():
    counts = conv_param_counts(3, 512, 512)
    assert counts == (263680, 786432)  # a tuple: a list would not compare equal
    assert all(type(c) is int for c in counts), "the counts should be Python ints"


def test_kernel_longer_than_sequence_raises():
    with pytest.raises(ValueError):
        depthwise_separable_conv1d(np.zeros((1, 2, 3)), np.zeros((3, 3)), np.zeros((3, 4)))
