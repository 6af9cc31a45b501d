"""Visible examples for prompt-assembly: run with `dojo check prompt-assembly` or pytest."""
import pytest

from prompt_assembly import assemble_prompt
from prompt_assembly_tokens import WhitespaceTokens

QUESTION = "What does BM25 score?"
CHUNKS = [
    "BM25 scores documents by matching query words, weighted by idf.",
    "Cosine similarity compares the directions of two embedding vectors, ignoring their lengths entirely.",
    "RRF fuses rankings.",
]
HEADER = "Answer the question using only the sources below. Cite the sources you use as [1], [2], ...\n\n"


def test_example_1_skips_a_chunk_that_does_not_fit():
    out = assemble_prompt(QUESTION, CHUNKS, 40, WhitespaceTokens())
    assert type(out) is tuple, "return the tuple (prompt, used)"
    prompt, used = out
    assert type(used) is list and used == [0, 2]
    assert prompt == (HEADER + "[1] BM25 scores documents by matching query words, weighted by idf.\n\n"
                      "[2] RRF fuses rankings.\n\nQuestion: What does BM25 score?\nAnswer:")


def test_example_2_budgets():
    assert list(assemble_prompt(QUESTION, CHUNKS, 36, WhitespaceTokens())[1]) == [0]
    assert CHUNKS[0].startswith("BM25") and len(CHUNKS) == 3, "do not modify chunks"
    assert list(assemble_prompt(QUESTION, CHUNKS, 60, WhitespaceTokens())[1]) == [0, 1, 2]
    with pytest.raises(ValueError):
        assemble_prompt(QUESTION, CHUNKS, 22, WhitespaceTokens())
