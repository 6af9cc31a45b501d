"""Visible examples for sampling: run with `dojo check sampling` or pytest."""
import numpy as np
import pytest

from sampling import next_token_probs

LOGITS = np.array([2.0, 1.0, 0.0, -1.0])


def test_example_1_top_k():
    np.testing.assert_allclose(next_token_probs(LOGITS, top_k=2), [0.73105858, 0.26894142, 0.0, 0.0], rtol=1e-6)


def test_example_2_top_p():
    np.testing.assert_allclose(next_token_probs(LOGITS, top_p=0.9), [0.66524096, 0.24472847, 0.09003057, 0.0],
                               rtol=1e-6)


def test_example_3_temperature_before_filters():
    out = next_token_probs(LOGITS, temperature=0.5, top_k=3, top_p=0.9)
    np.testing.assert_allclose(out, [0.88079708, 0.11920292, 0.0, 0.0], rtol=1e-6)


def test_example_4_temperature_zero_is_greedy():
    np.testing.assert_array_equal(next_token_probs(LOGITS, temperature=0), [1.0, 0.0, 0.0, 0.0])


def test_invalid_top_k_raises():
    with pytest.raises(ValueError):
        next_token_probs(LOGITS, top_k=0)


def test_invalid_top_p_raises():
    for bad in (0.0, 1.5):
        with pytest.raises(ValueError):
            next_token_probs(LOGITS, top_p=bad)


def test_logits_are_not_modified():
    logits = LOGITS.copy()
    out = next_token_probs(logits, temperature=0.5, top_k=3)
    assert out.dtype == np.float64
    np.testing.assert_array_equal(logits, LOGITS, err_msg="logits were modified in place")
