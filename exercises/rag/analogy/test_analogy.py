"""Visible examples for analogy: run with `dojo check analogy` or pytest."""
import numpy as np

from analogy import analogy

VOCAB = ["king", "queen", "man", "woman", "apple"]
E = np.array([[1, 1, 0], [1, -1, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1]], dtype=float)


def test_example_1_king_man_woman():
    out = analogy(E, VOCAB, "man", "king", "woman")
    assert type(out) is list and type(out[0]) is tuple, "return a list of (word, score) tuples"
    (word, score), = out
    assert word == "queen"
    assert type(score) is float, f"the score should be a Python float, got {type(score).__name__}"
    np.testing.assert_allclose(score, 0.9596829822606672, rtol=1e-6)


def test_example_2_question_words_are_excluded():
    E_before = E.copy()
    out = analogy(E, VOCAB, "man", "king", "woman", topn=5)
    assert [w for w, _ in out] == ["queen", "apple"]
    np.testing.assert_allclose([s for _, s in out], [0.9596829822606672, 0.0], atol=1e-9)
    np.testing.assert_array_equal(E, E_before, err_msg="do not modify E in place")
