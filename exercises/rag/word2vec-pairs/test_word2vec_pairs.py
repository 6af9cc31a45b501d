"""Visible examples for word2vec-pairs: run with `dojo check word2vec-pairs` or pytest."""
import pytest

from word2vec_pairs import cbow_examples, skipgram_pairs

TOKENS = ["the", "quick", "brown", "fox", "jumps"]


def test_example_1_skipgram_window_1():
    # a list of tuples: [("the", "quick"), ...] (a list of lists would not compare equal)
    assert skipgram_pairs(TOKENS, 1) == [
        ("the", "quick"), ("quick", "the"), ("quick", "brown"), ("brown", "quick"),
        ("brown", "fox"), ("fox", "brown"), ("fox", "jumps"), ("jumps", "fox"),
    ]


def test_example_1_cbow_window_1():
    # a list of tuples (context list, center)
    assert cbow_examples(TOKENS, 1) == [
        (["quick"], "the"), (["the", "brown"], "quick"), (["quick", "fox"], "brown"),
        (["brown", "jumps"], "fox"), (["fox"], "jumps"),
    ]


def test_example_2_cbow_repeated_tokens():
    tokens = [3, 1, 4, 1]
    assert cbow_examples(tokens, 2) == [([1, 4], 3), ([3, 4, 1], 1), ([3, 1, 1], 4), ([1, 4], 1)]
    assert tokens == [3, 1, 4, 1], "do not modify the caller's tokens"


def test_window_below_one_raises():
    with pytest.raises(ValueError):
        skipgram_pairs(TOKENS, 0)
    with pytest.raises(ValueError):
        cbow_examples(TOKENS, -1)
