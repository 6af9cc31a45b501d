"""Checks only that d is even (d % 2), so d = 0 and negative even d return an empty table instead of raising."""
import math

import numpy as np


def sinusoidal_pe(n, d, layout="interleave"):
    if d % 2:
        raise ValueError("d must be even")
    pos = np.arange(n, dtype=np.float64)[:, None]
    half = max(d // 2, 0)
    if layout == "interleave":
        angles = pos * 10000.0 ** (-np.arange(0, 2 * half, 2) / max(d, 1))
        pe = np.empty((n, 2 * half))
        pe[:, 0::2], pe[:, 1::2] = np.sin(angles), np.cos(angles)
        return pe
    if layout == "concat":
        angles = pos * np.exp(-np.arange(half) * math.log(1e4) / max(half - 1, 1))
        return np.concatenate([np.sin(angles), np.cos(angles)], axis=1)
    raise ValueError("unknown layout")
