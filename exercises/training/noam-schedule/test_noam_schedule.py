"""Visible examples for noam-schedule: run with `dojo check noam-schedule` or pytest."""
import math

import pytest

from noam_schedule import noam_lr


def test_example_1_paper_setting():
    assert isinstance(noam_lr(1, 512, 4000), float), "return a Python float"
    assert math.isclose(noam_lr(1, 512, 4000), 1.746928107421711e-07, rel_tol=1e-9)
    assert math.isclose(noam_lr(4000, 512, 4000), 0.0006987712429686843, rel_tol=1e-9)
    assert math.isclose(noam_lr(16000, 512, 4000), 0.00034938562148434214, rel_tol=1e-9)


def test_example_2_factor_and_warmup():
    assert math.isclose(noam_lr(50, 64, 100, factor=2.0), 0.0125, rel_tol=1e-9)
    assert math.isclose(noam_lr(100, 64, 100, factor=2.0), 0.025, rel_tol=1e-9)


def test_example_3_step_zero_raises():
    with pytest.raises(ValueError):
        noam_lr(0, 512, 4000)
