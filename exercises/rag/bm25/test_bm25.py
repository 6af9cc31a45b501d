"""Visible examples for bm25: run with `dojo check bm25` or pytest."""
import numpy as np

from bm25 import bm25_scores

DOCS = [s.split() for s in ["the cat sat on the mat", "the dog sat", "cats and dogs", "the the the"]]


def test_example_1_lucene():
    out = bm25_scores(["the", "cat"], DOCS)
    assert isinstance(out, np.ndarray) and out.dtype == np.float64, "return a float64 np.ndarray"
    np.testing.assert_allclose(out, [1.3751657, 0.39195049, 0.0, 0.62574552], rtol=1e-6, atol=1e-9)


def test_example_1_okapi():
    np.testing.assert_allclose(bm25_scores(["the", "cat"], DOCS, idf="okapi"), [0.836285, 0.15518276, 0.0, 0.24774791], rtol=1e-6, atol=1e-9)


def test_example_2_negative_idf_floor():
    docs = [["a", "b"], ["a"], ["a", "c", "c"]]
    np.testing.assert_allclose(bm25_scores(["c", "a"], docs, idf="okapi"), [-0.07702158, -0.09938268, 0.5658337], rtol=1e-6)
