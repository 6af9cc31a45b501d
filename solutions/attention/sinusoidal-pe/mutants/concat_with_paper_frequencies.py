"""Uses the paper's frequencies 1/10000^(2i/d) for layout="concat" instead of T2T's timescales."""
import numpy as np


def sinusoidal_pe(n, d, layout="interleave"):
    if d < 2 or d % 2:
        raise ValueError("d must be even")
    pos = np.arange(n, dtype=np.float64)[:, None]
    angles = pos * 10000.0 ** (-np.arange(0, d, 2) / d)
    if layout == "interleave":
        pe = np.empty((n, d))
        pe[:, 0::2], pe[:, 1::2] = np.sin(angles), np.cos(angles)
        return pe
    if layout == "concat":
        return np.concatenate([np.sin(angles), np.cos(angles)], axis=1)
    raise ValueError("unknown layout")
