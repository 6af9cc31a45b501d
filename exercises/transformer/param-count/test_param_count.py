"""Visible examples for param-count: run with `dojo check param-count` or pytest."""
from param_count import count_params


def test_example_1_gpt2_small():
    n = count_params(50257, 1024, 768, 12, 3072)
    assert type(n) is int
    assert n == 124_439_808


def test_example_2_tiny_shakespeare_model():
    assert count_params(65, 256, 64, 4, 256) == 220_608
    assert count_params(65, 256, 64, 4, 256, tied=False) == 224_768
