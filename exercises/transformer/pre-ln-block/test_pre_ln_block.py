"""Visible examples for pre-ln-block: run with `dojo check pre-ln-block` or pytest."""
import numpy as np

from pre_ln_block import block


def tiny_params():
    return {"ln1_w": np.ones(2), "ln1_b": np.zeros(2), "W_Q": np.array([[[1.0], [0.0]]]),
            "W_K": np.array([[[1.0], [0.0]]]), "W_V": np.array([[[1.0], [0.0]]]), "W_O": np.array([[[0.5, -0.5]]]),
            "b_O": np.zeros(2), "ln2_w": np.ones(2), "ln2_b": np.zeros(2), "W_in": np.array([[1.0], [-1.0]]),
            "b_in": np.zeros(1), "W_out": np.array([[1.0, 1.0]]), "b_out": np.zeros(2)}


def test_example_1_causal_and_not():
    x = np.array([[[1.0, 0.0], [0.0, 2.0]]])
    np.testing.assert_allclose(block(x, tiny_params()),
                               [[[3.45457683, 1.45459683], [-0.42619515, 2.33538964]]], rtol=1e-6)
    np.testing.assert_allclose(block(x, tiny_params(), causal=False),
                               [[[3.33536544, 1.57380195], [-0.42619515, 2.33538964]]], rtol=1e-6)


def test_example_2_zero_output_weights_give_identity():
    rng = np.random.default_rng(0)
    D, H, M = 4, 2, 8
    p = {"ln1_w": rng.normal(size=D), "ln1_b": rng.normal(size=D), "W_Q": rng.normal(size=(H, D, D // H)),
         "W_K": rng.normal(size=(H, D, D // H)), "W_V": rng.normal(size=(H, D, D // H)),
         "W_O": np.zeros((H, D // H, D)), "b_O": np.zeros(D), "ln2_w": rng.normal(size=D), "ln2_b": rng.normal(size=D),
         "W_in": rng.normal(size=(D, M)), "b_in": rng.normal(size=M), "W_out": np.zeros((M, D)), "b_out": np.zeros(D)}
    x = rng.normal(size=(2, 3, D))
    out = block(x, p)
    assert out.shape == (2, 3, D)
    np.testing.assert_allclose(out, x)


def test_x_is_not_modified():
    x = np.array([[[1.0, 0.0], [0.0, 2.0]]])
    block(x, tiny_params())
    np.testing.assert_array_equal(x, [[[1.0, 0.0], [0.0, 2.0]]], err_msg="x was modified in place: write x = x + ...")
