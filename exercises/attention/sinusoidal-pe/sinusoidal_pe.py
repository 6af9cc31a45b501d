"""Sinusoidal positional encoding. See README.md for the statement."""
import numpy as np


def sinusoidal_pe(n: int, d: int, layout: str = "interleave") -> np.ndarray:
    """Encodings of positions 0..n-1, shape (n, d).

    layout="interleave": sin at even columns, cos at odd columns, frequency 1 / 10000^(2i/d).
    layout="concat": [sin | cos] with T2T's timescales exp(-i ln(1e4) / max(d/2 - 1, 1)).
    Raises ValueError for odd d (or d < 2) and for an unknown layout.
    """
    # TODO
    raise NotImplementedError("sinusoidal_pe is not implemented yet")
