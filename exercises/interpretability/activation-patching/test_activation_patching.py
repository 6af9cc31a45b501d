"""Visible examples for activation-patching: run with `dojo check activation-patching` or pytest."""
import numpy as np

from activation_patching import patch_residual
from activation_patching_model import logit_diff_metric, make_run


def test_example_1_one_changed_position():
    run = make_run(0)
    clean_cache = run(np.array([1, 2, 3, 4, 5]))
    out = patch_residual(run, clean_cache, np.array([1, 2, 7, 4, 5]), logit_diff_metric(3, 7))
    assert out.shape == (2, 5)
    np.testing.assert_allclose(out[0], [0, 0, 1, 0, 0], atol=1e-9)
    np.testing.assert_allclose(out[1], [0, 0, 1.0201, 0.0001, 0], atol=1e-4)


def test_example_2_small_model():
    run = make_run(1, V=6, D=4, H=1, Dh=2)
    clean_cache = run(np.array([0, 1, 2, 3]))
    out = patch_residual(run, clean_cache, np.array([0, 4, 5, 3]), logit_diff_metric(2, 5))
    np.testing.assert_allclose(out, [[0.0, 0.33597465, 0.93051002, 0.0],
                                     [0.0, -0.04249617, -0.00715211, 1.20032183]], rtol=1e-6, atol=1e-9)
