"""Visible examples for bigram-grad: run with `dojo check bigram-grad` or pytest."""
import math

import numpy as np

from bigram_grad import bigram_loss_and_grad


def test_example_1_zero_weights_give_ln_V():
    W = np.zeros((3, 3))
    loss, dW = bigram_loss_and_grad(W, np.array([0, 1, 1]), np.array([1, 2, 0]))
    assert math.isclose(loss, math.log(3), rel_tol=1e-9), "uniform predictions over V=3 tokens cost ln 3"
    expected = np.array([[1, -2, 1], [-1, 2, -1], [0, 0, 0]]) / 9
    np.testing.assert_allclose(dW, expected, atol=1e-12,
                               err_msg="token 1 is the context twice: both rows must add up in dW[1]")


def test_example_2_small_model():
    W = np.array([[0.0, 1.0, 2.0], [1.0, 0.0, -1.0], [0.5, 0.5, 0.0]])
    loss, dW = bigram_loss_and_grad(W, np.array([0, 2, 0]), np.array([2, 1, 2]))
    assert math.isclose(loss, 0.5910773389452649, rel_tol=1e-9)
    np.testing.assert_allclose(dW, [[0.06002038, 0.16315231, -0.2231727],
                                    [0.0, 0.0, 0.0],
                                    [0.12788391, -0.20544942, 0.07756551]], atol=1e-8)


def test_example_3_return_types():
    W = np.arange(16.0).reshape(4, 4)
    out = bigram_loss_and_grad(W, np.array([3]), np.array([0]))
    assert type(out) is tuple and len(out) == 2, "return the tuple (loss, dW)"
    loss, dW = out
    assert isinstance(loss, (float, np.floating)), "the loss is a Python float (a NumPy float scalar is accepted too)"
    assert isinstance(dW, np.ndarray) and dW.shape == (4, 4)
    np.testing.assert_array_equal(W, np.arange(16.0).reshape(4, 4), err_msg="W was modified in place")
