"""Visible examples for analogy: run with `dojo check analogy` or pytest."""
import numpy as np

from analogy import analogy

VOCAB = ["king", "queen", "man", "woman", "apple"]
E = np.array([[1, 1, 0], [1, -1, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1]], dtype=float)


def test_example_1_king_man_woman():
    (word, score), = analogy(E, VOCAB, "man", "king", "woman")
    assert word == "queen"
    np.testing.assert_allclose(score, 0.9596829822606672, rtol=1e-6)


def test_example_2_question_words_are_excluded():
    out = analogy(E, VOCAB, "man", "king", "woman", topn=5)
    assert [w for w, _ in out] == ["queen", "apple"]
    np.testing.assert_allclose([s for _, s in out], [0.9596829822606672, 0.0], atol=1e-9)
