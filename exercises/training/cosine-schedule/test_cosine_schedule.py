"""Visible examples for cosine-schedule: run with `dojo check cosine-schedule` or pytest."""
import math

from cosine_schedule import cosine_lr


def test_example_1_shakespeare_char_config():
    got = [cosine_lr(it, 100, 5000, 1e-3, 1e-4) for it in (0, 99, 100, 2550, 5000, 6000)]
    expected = [9.900990099009901e-06, 0.0009900990099009901, 0.001, 0.00055, 0.0001, 0.0001]
    for it, g, e in zip((0, 99, 100, 2550, 5000, 6000), got, expected):
        assert isinstance(g, float), f"iteration {it}: return a Python float, got a {type(g).__name__}"
        assert math.isclose(g, e, rel_tol=1e-9), f"iteration {it}: got {g}, expected {e}"


def test_example_2_whole_curve():
    got = [cosine_lr(it, 4, 12, 1.0, 0.0) for it in range(14)]
    expected = [0.2, 0.4, 0.6, 0.8, 1.0, 0.9619397662556434, 0.8535533905932737, 0.6913417161825449,
                0.5, 0.30865828381745514, 0.14644660940672627, 0.03806023374435663, 0.0, 0.0]
    for it, (g, e) in enumerate(zip(got, expected)):
        assert math.isclose(g, e, rel_tol=1e-9, abs_tol=1e-15), f"iteration {it}: got {g}, expected {e}"
