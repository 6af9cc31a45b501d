"""Treats every layout other than "concat" as "interleave" instead of raising ValueError."""
import math

import numpy as np


def sinusoidal_pe(n, d, layout="interleave"):
    if d < 2 or d % 2:
        raise ValueError("d must be a positive even number")
    pos = np.arange(n, dtype=np.float64)[:, None]
    if layout == "concat":
        angles = pos * np.exp(-np.arange(d // 2) * math.log(1e4) / max(d // 2 - 1, 1))
        return np.concatenate([np.sin(angles), np.cos(angles)], axis=1)
    angles = pos * 10000.0 ** (-np.arange(0, d, 2) / d)
    pe = np.empty((n, d))
    pe[:, 0::2], pe[:, 1::2] = np.sin(angles), np.cos(angles)
    return pe
