"""Visible examples for chunking: run with `dojo check chunking` or pytest."""
import pytest

from chunking import chunk


def test_example_1_step_three():
    out = chunk("abcdefghij", 4, 1)
    # a list of tuples of (Python int, Python int, str): a list of lists would not compare equal
    assert out == [(0, 4, "abcd"), (3, 7, "defg"), (6, 10, "ghij")]
    assert all(type(s) is int and type(e) is int for s, e, _ in out), "start and end should be Python ints"


def test_example_2_short_last_chunk():
    assert chunk("Retrieval needs chunks.", 10, 3) == [
        (0, 10, "Retrieval "), (7, 17, "al needs c"), (14, 23, "s chunks.")]


def test_overlap_defaults_to_zero():
    assert chunk("abcdefg", 3) == [(0, 3, "abc"), (3, 6, "def"), (6, 7, "g")]


def test_overlap_as_large_as_size_raises():
    with pytest.raises(ValueError):
        chunk("abcdef", 3, 3)
