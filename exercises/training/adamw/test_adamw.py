"""Visible examples for adamw: run with `dojo check adamw` or pytest."""
import numpy as np

from adamw import adamw_step


def test_example_1_first_step_without_decay():
    p, m, v = adamw_step(np.array([1.0, -2.0]), np.array([0.1, -0.2]), np.zeros(2), np.zeros(2), 1,
                         lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0)
    np.testing.assert_allclose(p, [0.9900000009999999, -1.9900000005], rtol=1e-7)
    np.testing.assert_allclose(m, [0.01, -0.02], rtol=1e-7)
    np.testing.assert_allclose(v, [1e-05, 4e-05], rtol=1e-7)


def test_example_2_third_step_with_decay():
    p, m, v = adamw_step(np.array([1.0, -2.0]), np.array([0.5, 0.5]), np.array([0.1, -0.2]),
                         np.array([0.01, 0.04]), 3, lr=0.1, betas=(0.9, 0.99), eps=1e-8, weight_decay=0.5)
    np.testing.assert_allclose(p, [0.8700472453317865, -1.8597080259328176], rtol=1e-7)
    np.testing.assert_allclose(m, [0.14, -0.13], rtol=1e-7)
    np.testing.assert_allclose(v, [0.0124, 0.0421], rtol=1e-7)


def test_returns_a_tuple_and_leaves_the_inputs_alone():
    p, g, m, v = np.array([1.0, -2.0]), np.array([0.5, 0.5]), np.array([0.1, -0.2]), np.array([0.01, 0.04])
    out = adamw_step(p, g, m, v, 3, lr=0.1, betas=(0.9, 0.99), eps=1e-8, weight_decay=0.5)
    assert type(out) is tuple and len(out) == 3, "return the tuple (p, m, v)"
    assert all(a.dtype == np.float64 for a in out), "keep the dtype of p"
    np.testing.assert_array_equal(p, [1.0, -2.0], err_msg="p was modified in place")
    np.testing.assert_array_equal(m, [0.1, -0.2], err_msg="m was modified in place")
    np.testing.assert_array_equal(v, [0.01, 0.04], err_msg="v was modified in place")
    np.testing.assert_array_equal(g, [0.5, 0.5], err_msg="g was modified in place")
