"""Visible examples for cosine-top-k: run with `dojo check cosine-top-k` or pytest."""
import numpy as np

from cosine_top_k import top_k_cosine


def test_example_1_best_three():
    D = np.array([[1, 0], [1, 1], [0, 0], [-1, 0], [0, 2]], dtype=float)
    out = top_k_cosine(np.array([1.0, 0.5]), D, 3)
    assert type(out) is tuple, "return the tuple (indices, scores)"
    idx, scores = out
    assert idx.dtype == np.int64 and scores.dtype == np.float64, f"got dtypes {idx.dtype}, {scores.dtype}"
    assert list(idx) == [1, 0, 4]
    np.testing.assert_allclose(scores, [0.9486833, 0.89442719, 0.4472136], rtol=1e-6)


def test_example_2_ties_and_zero_row():
    D = np.array([[1, 0], [0, 3], [0, 0], [0, 1]], dtype=float)
    D_before = D.copy()
    idx, scores = top_k_cosine(np.array([0.0, 1.0]), D, 4)
    np.testing.assert_array_equal(D, D_before, err_msg="do not modify D in place")
    assert list(idx) == [1, 3, 0, 2]
    assert not np.isnan(scores).any(), "the cosine with a zero vector is 0, not nan"
    np.testing.assert_allclose(scores, [1.0, 1.0, 0.0, 0.0], atol=1e-12)
