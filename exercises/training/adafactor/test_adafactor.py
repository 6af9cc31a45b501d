"""Visible examples for adafactor: run with `dojo check adafactor` or pytest."""
import numpy as np

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
