"""Visible examples for sinusoidal-pe: run with `dojo check sinusoidal-pe` or pytest."""
import numpy as np
import pytest

from sinusoidal_pe import sinusoidal_pe


def test_example_1_interleaved():
    out = sinusoidal_pe(3, 4)
    assert type(out) is np.ndarray and out.dtype == np.float64, "return a float64 np.ndarray"
    np.testing.assert_allclose(out, [[0.0, 1.0, 0.0, 1.0], [0.84147098, 0.54030231, 0.00999983, 0.99995],
                                     [0.90929743, -0.41614684, 0.01999867, 0.99980001]], rtol=1e-6, atol=1e-9)


def test_example_2_concat_t2t():
    out = sinusoidal_pe(3, 4, layout="concat")
    np.testing.assert_allclose(out, [[0.0, 0.0, 1.0, 1.0], [0.841470985, 9.99999998e-05, 0.540302306, 0.999999995],
                                     [0.909297427, 1.99999999e-04, -0.416146837, 0.99999998]], rtol=1e-6, atol=1e-12)


def test_odd_width_raises():
    with pytest.raises(ValueError):
        sinusoidal_pe(4, 5)
