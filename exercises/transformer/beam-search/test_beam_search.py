"""Visible examples for beam-search: run with `dojo check beam-search` or pytest."""
import itertools

import numpy as np
import pytest

from beam_search import beam_search
from beam_search_toy_lm import MarkovLM, log_softmax_rows

P = np.array([[0.25, 0.25, 0.25, 0.25], [0.3, 0.3, 0.3, 0.1], [0.9, 0.05, 0.04, 0.01], [0.1, 0.5, 0.39, 0.01]])


def plain(result):
    return [(list(map(int, tokens)), float(score)) for tokens, score in result]


def test_example_1_greedy_vs_width_two():
    lm = MarkovLM(np.log(P))
    out = plain(beam_search(lm, 3, 1, 3, 0))
    assert [t for t, _ in out] == [[1, 0]]
    assert out[0][1] == pytest.approx(-1.8971199848858813)
    out = plain(beam_search(lm, 3, 2, 3, 0))
    assert [t for t, _ in out] == [[2, 0], [1, 0]]
    np.testing.assert_allclose([s for _, s in out], [-1.0469690555162712, -1.8971199848858813])


def test_example_2_finished_hypothesis_frees_its_slot():
    out = plain(beam_search(MarkovLM(np.log(P)), 3, 3, 3, 0))
    assert [t for t, _ in out] == [[2, 0], [1, 0], [0]]
    np.testing.assert_allclose([s for _, s in out], [-1.0469690555162712, -1.8971199848858813, -2.3025850929940455])


def test_full_width_without_eos_finds_the_best_sequence():
    table = log_softmax_rows(np.random.default_rng(3).normal(size=(3, 3)))
    best = max(itertools.product(range(3), repeat=3),
               key=lambda s: table[2, s[0]] + table[s[0], s[1]] + table[s[1], s[2]])
    out = plain(beam_search(MarkovLM(table), 2, 27, 3, None))
    assert out[0][0] == list(best)
    assert len(out) == 27


def test_impossible_tokens_fill_the_beam_and_types():
    inf = np.inf
    table = np.array([[0.0, -inf, -inf], [0.0, -inf, -inf], [-inf, 0.0, -inf]])  # bos=2 -> 1 -> 0 (eos)
    out = beam_search(MarkovLM(table), 2, 3, 3, 0)
    assert type(out) is list and all(type(h) is tuple for h in out), "return a list of (tokens, score) tuples"
    assert all(type(t) is int for tokens, _ in out for t in tokens), "tokens are Python ints"
    assert [t for t, _ in out] == [[1, 0], [0], [1, 1, 0]]
    assert [s for _, s in out] == [0.0, -inf, -inf]
