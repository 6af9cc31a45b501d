"""Visible examples for kv-cache: run with `dojo check kv-cache` or pytest."""
import numpy as np

from kv_cache import attend_step, run_steps

I = np.eye(2)[None]
PARAMS = {"W_Q": I, "W_K": I, "W_V": I, "W_O": I, "b_O": np.array([0.0, 1.0])}


def test_example_1_first_step_attends_to_itself():
    result = attend_step(np.array([3.0, -1.0]), {"k": np.zeros((1, 0, 2)), "v": np.zeros((1, 0, 2))}, PARAMS)
    assert type(result) is tuple, "return a tuple (y_t, cache)"
    y, cache = result
    assert type(cache) is dict and y.dtype == np.float64
    np.testing.assert_allclose(y, [3.0, 0.0], atol=1e-12)
    assert set(cache) == {"k", "v"}
    np.testing.assert_allclose(cache["k"], [[[3.0, -1.0]]])
    np.testing.assert_allclose(cache["v"], [[[3.0, -1.0]]])


def test_example_2_three_steps():
    ys, cache = run_steps(np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), PARAMS)
    np.testing.assert_allclose(ys, [[1.0, 1.0], [0.33023845, 1.66976155], [0.75174492, 1.75174492]], rtol=1e-6)
    np.testing.assert_allclose(cache["k"], [[[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]])
    np.testing.assert_allclose(cache["v"], [[[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]])
