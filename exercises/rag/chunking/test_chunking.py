"""Visible examples for chunking: run with `dojo check chunking` or pytest."""
import pytest

from chunking import chunk


def test_example_1_step_three():
    assert [tuple(c) for c in chunk("abcdefghij", 4, 1)] == [(0, 4, "abcd"), (3, 7, "defg"), (6, 10, "ghij")]


def test_example_2_short_last_chunk():
    assert [tuple(c) for c in chunk("Retrieval needs chunks.", 10, 3)] == [
        (0, 10, "Retrieval "), (7, 17, "al needs c"), (14, 23, "s chunks.")]


def test_overlap_as_large_as_size_raises():
    with pytest.raises(ValueError):
        chunk("abcdef", 3, 3)
