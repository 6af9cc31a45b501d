"""Visible examples for hybrid-rerank: run with `dojo check hybrid-rerank` or pytest."""
import numpy as np

from hybrid_rerank import mmr, reciprocal_rank_fusion


def test_example_1_rrf():
    out = reciprocal_rank_fusion([[3, 1, 2], [1, 2, 4]])
    assert type(out) is list and all(type(t) is tuple for t in out), "return a list of (doc_id, score) tuples"
    assert [d for d, _ in out] == [1, 2, 3, 4]
    np.testing.assert_allclose([s for _, s in out], [1 / 62 + 1 / 61, 1 / 63 + 1 / 62, 1 / 61, 1 / 63], rtol=1e-9)


def test_example_2_mmr():
    docs = np.array([[1.0, 0.0], [0.99, 0.14], [0.6, 0.8], [0.0, 1.0]])
    q = np.array([1.0, 0.3])
    picked = mmr(q, docs, 3, lam=1.0)
    assert isinstance(picked, np.ndarray) and picked.dtype == np.int64, "return an int64 np.ndarray"
    assert list(picked) == [1, 0, 2]
    assert list(mmr(q, docs, 3, lam=0.5)) == [1, 3, 2]
