"""Visible examples for gpt-forward: run with `dojo check gpt-forward` or pytest."""
import numpy as np
import pytest

from gpt_forward import gpt_forward


def example_params():
    return {"W_E": np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]),
            "W_pos": np.array([[0.0, 0.0], [0.5, -0.5], [1.0, 0.0]]),
            "blocks": [], "ln_f_w": np.ones(2), "ln_f_b": np.zeros(2)}


def test_example_1_no_blocks():
    out = gpt_forward(np.array([[0, 2]]), example_params())
    assert out.shape == (1, 2, 3)
    np.testing.assert_allclose(out, [[[0.99998, -0.99998, 0.0], [0.99998, -0.99998, 0.0]]], rtol=1e-6, atol=1e-8)


def test_example_2_too_long_raises():
    with pytest.raises(ValueError):
        gpt_forward(np.array([[0, 1, 2, 0]]), example_params())


def test_a_block_with_zero_writes_changes_nothing():
    rng = np.random.default_rng(1)
    D, H, M = 2, 1, 4
    blk = {"ln1_w": np.ones(D), "ln1_b": np.zeros(D), "W_Q": rng.normal(size=(H, D, D)),
           "W_K": rng.normal(size=(H, D, D)), "W_V": rng.normal(size=(H, D, D)), "W_O": np.zeros((H, D, D)),
           "b_O": np.zeros(D), "ln2_w": np.ones(D), "ln2_b": np.zeros(D), "W_in": rng.normal(size=(D, M)),
           "b_in": np.zeros(M), "W_out": np.zeros((M, D)), "b_out": np.zeros(D)}
    p = example_params()
    tokens = np.array([[0, 2, 1], [1, 1, 0]])
    plain = gpt_forward(tokens, p)
    p["blocks"] = [blk, blk]
    np.testing.assert_allclose(gpt_forward(tokens, p), plain)
