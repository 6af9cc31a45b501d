"""Visible examples for adafactor: run with `dojo check adafactor` or pytest."""
import numpy as np
import pytest

from adafactor import adafactor_step


def test_example_1_matrix_first_step():
    W = np.array([[0.5, -1.0, 2.0], [1.0, 0.0, -0.5]])
    G = np.array([[0.1, 0.2, -0.3], [0.4, -0.1, 0.0]])
    W_new, state = adafactor_step(W, G, {"row": np.zeros(2), "col": np.zeros(3)}, 1)
    np.testing.assert_allclose(W_new, [[0.49630375655183656, -1.013631072318128, 2.015240002154775],
                                       [0.986582854908973, 0.0061849982828336165, -0.5]], rtol=1e-7)
    assert sorted(state) == ["col", "row"]
    np.testing.assert_allclose(state["row"], [0.04666666666666667, 0.05666666666666668], rtol=1e-7)
    np.testing.assert_allclose(state["col"], [0.085, 0.025, 0.045], rtol=1e-7)


def test_example_2_vector_with_clipping():
    W = np.array([1.0, -1.0, 0.5, 0.0])
    G = np.array([0.5, 0.5, -0.5, 4.0])
    W_new, state = adafactor_step(W, G, {"v": np.full(4, 0.25)}, 4)
    np.testing.assert_allclose(W_new, [0.9938444783139747, -1.0061555216860254, 0.5061555216860253,
                                       -0.01055123965790828], rtol=1e-7)
    assert sorted(state) == ["v"]
    np.testing.assert_allclose(state["v"], [0.25, 0.25, 0.25, 5.445562398668271], rtol=1e-7)


def test_returns_a_tuple_and_leaves_the_inputs_alone():
    W, G = np.array([[0.5, -1.0], [1.0, 0.0]]), np.array([[0.1, 0.2], [0.4, -0.1]])
    state = {"row": np.full(2, 0.1), "col": np.full(2, 0.2)}
    out = adafactor_step(W, G, state, 3)
    assert type(out) is tuple and len(out) == 2, "return the tuple (W_new, new_state)"
    assert type(out[1]) is dict and out[1] is not state, "return a new dict"
    np.testing.assert_array_equal(W, [[0.5, -1.0], [1.0, 0.0]], err_msg="W was modified in place")
    np.testing.assert_array_equal(state["row"], [0.1, 0.1], err_msg="state['row'] was modified in place")
    np.testing.assert_array_equal(state["col"], [0.2, 0.2], err_msg="state['col'] was modified in place")
    with pytest.raises(ValueError):
        adafactor_step(W, G, state, 0)
