"""Visible examples for word2vec-pairs: run with `dojo check word2vec-pairs` or pytest."""
from word2vec_pairs import cbow_examples, skipgram_pairs

TOKENS = ["the", "quick", "brown", "fox", "jumps"]


def test_example_1_skipgram_window_1():
    assert [tuple(p) for p in skipgram_pairs(TOKENS, 1)] == [
        ("the", "quick"), ("quick", "the"), ("quick", "brown"), ("brown", "quick"),
        ("brown", "fox"), ("fox", "brown"), ("fox", "jumps"), ("jumps", "fox"),
    ]


def test_example_1_cbow_window_1():
    assert [(list(c), w) for c, w in cbow_examples(TOKENS, 1)] == [
        (["quick"], "the"), (["the", "brown"], "quick"), (["quick", "fox"], "brown"),
        (["brown", "jumps"], "fox"), (["fox"], "jumps"),
    ]


def test_example_2_cbow_repeated_tokens():
    assert [(list(c), w) for c, w in cbow_examples([3, 1, 4, 1], 2)] == [([1, 4], 3), ([3, 4, 1], 1), ([3, 1, 1], 4), ([1, 4], 1)]
