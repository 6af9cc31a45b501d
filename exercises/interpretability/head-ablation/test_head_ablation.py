"""Visible examples for head-ablation: run with `dojo check head-ablation` or pytest."""
import numpy as np

from head_ablation import ablation_scores
from head_ablation_model import make_run

TOKENS = np.array([[1, 2, 3, 1, 2, 3], [4, 5, 6, 4, 5, 6]])


def test_example_1_zero_ablation():
    out = ablation_scores(make_run(0, silent=[[1, 0]]), TOKENS, kind="zero")
    np.testing.assert_allclose(out, [[-0.60824578, -0.10265157], [0.0, -0.03568201]], rtol=1e-6, atol=1e-9)


def test_example_2_mean_ablation():
    run = make_run(0, silent=[[1, 0]])
    out = ablation_scores(run, TOKENS, kind="mean")
    np.testing.assert_allclose(out, [[-0.46270375, -0.24117552], [0.0, -0.21191293]], rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(ablation_scores(run, TOKENS[:1], kind="mean"), np.zeros((2, 2)), atol=1e-12)
