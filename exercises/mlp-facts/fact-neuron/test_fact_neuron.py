"""Visible examples for fact-neuron: run with `dojo check fact-neuron` or pytest."""
import numpy as np

from fact_neuron import build_fact_mlp


def run_mlp(weights, x):
    W_in, b_in, W_out, b_out = weights
    return np.maximum(x @ W_in + b_in, 0.0) @ W_out + b_out


def test_example_1_michael_jordan_plays_basketball():
    e = np.eye(4)  # 0 "Michael", 1 "Jordan", 2 "basketball", 3 something else
    weights = build_fact_mlp(e, [(0, 1, 2)])
    np.testing.assert_allclose(run_mlp(weights, e[0] + e[1]), [0.0, 0.0, 1.0, 0.0], atol=1e-4)
    np.testing.assert_allclose(run_mlp(weights, e[0]), np.zeros(4), atol=1e-4, err_msg="'Michael' alone must write ~0")
    np.testing.assert_allclose(run_mlp(weights, e[1]), np.zeros(4), atol=1e-4, err_msg="'Jordan' alone must write ~0")


def test_example_2_shared_first_name():
    e = np.eye(5)  # 0 "Michael", 1 "Jordan", 2 "basketball", 3 "Phelps", 4 "swimming"
    weights = build_fact_mlp(e, [(0, 1, 2), (0, 3, 4)])
    np.testing.assert_allclose(run_mlp(weights, e[0] + e[1]), e[2], atol=1e-4)
    np.testing.assert_allclose(run_mlp(weights, e[0] + e[3]), e[4], atol=1e-4)
    np.testing.assert_allclose(run_mlp(weights, e[1] + e[3]), np.zeros(5), atol=1e-4,
                               err_msg="'Jordan' + 'Phelps' is not a fact and must write ~0")
    np.testing.assert_allclose(run_mlp(weights, e[0]), np.zeros(5), atol=1e-4)


def test_weight_shapes():
    W_in, b_in, W_out, b_out = build_fact_mlp(np.eye(6)[:4], [(0, 1, 2), (2, 3, 0)])
    M = W_in.shape[1]
    assert W_in.shape == (6, M) and b_in.shape == (M,) and W_out.shape == (M, 6) and b_out.shape == (6,)
