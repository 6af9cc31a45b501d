"""Divides by d/2 - 1 without the max(., 1) guard: d = 2 with layout="concat" gives nan."""
import math

import numpy as np


def sinusoidal_pe(n, d, layout="interleave"):
    if d < 2 or d % 2:
        raise ValueError("d must be even")
    pos = np.arange(n, dtype=np.float64)[:, None]
    if layout == "interleave":
        angles = pos * 10000.0 ** (-np.arange(0, d, 2) / d)
        pe = np.empty((n, d))
        pe[:, 0::2], pe[:, 1::2] = np.sin(angles), np.cos(angles)
        return pe
    if layout == "concat":
        with np.errstate(divide="ignore", invalid="ignore"):
            increment = np.float64(math.log(1e4)) / np.float64(d // 2 - 1)
            angles = pos * np.exp(-np.arange(d // 2) * increment)
        return np.concatenate([np.sin(angles), np.cos(angles)], axis=1)
    raise ValueError("unknown layout")
