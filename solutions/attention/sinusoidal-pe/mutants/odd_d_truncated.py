"""Accepts an odd d by building d + 1 columns and dropping the last, instead of raising ValueError."""
import math

import numpy as np


def sinusoidal_pe(n, d, layout="interleave"):
    if d < 1:
        raise ValueError("d must be positive")
    e = d + (d % 2)
    pos = np.arange(n, dtype=np.float64)[:, None]
    if layout == "interleave":
        angles = pos * 10000.0 ** (-np.arange(0, e, 2) / e)
        pe = np.empty((n, e))
        pe[:, 0::2], pe[:, 1::2] = np.sin(angles), np.cos(angles)
        return pe[:, :d]
    if layout == "concat":
        angles = pos * np.exp(-np.arange(e // 2) * math.log(1e4) / max(e // 2 - 1, 1))
        return np.concatenate([np.sin(angles), np.cos(angles)], axis=1)[:, :d]
    raise ValueError("unknown layout")
