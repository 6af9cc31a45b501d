"""Visible examples for induction-score: run with `dojo check induction-score` or pytest."""
import numpy as np

from induction_score import induction_score, repeated_tokens


def test_example_1_repeated_tokens():
    tokens = repeated_tokens(V=10, L=4, B=2, bos=0, seed=0)
    assert tokens.shape == (2, 9)
    assert tokens.dtype == np.int64, f"tokens must have dtype int64, got {tokens.dtype}"
    np.testing.assert_array_equal(tokens, [[0, 8, 6, 5, 2, 8, 6, 5, 2], [0, 3, 0, 0, 0, 3, 0, 0, 0]])


def test_example_2_induction_vs_previous_token_head():
    pattern = np.stack([np.eye(7, k=-2), np.eye(7, k=-1)])
    np.testing.assert_allclose(induction_score(pattern, 3), [1.0, 0.0], atol=1e-12)
