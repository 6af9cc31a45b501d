"""Sinusoidal positional encodings, in the paper's interleaved layout and Tensor2Tensor's [sin | cos] one.

Source: Vaswani et al. 2017, section 3.5 (PE(pos, 2i) = sin(pos / 10000^(2i/d)), PE(pos, 2i+1) = cos(...));
Tensor2Tensor common_attention.get_timing_signal_1d for layout="concat".
"""
import math

import numpy as np


def sinusoidal_pe(n: int, d: int, layout: str = "interleave") -> np.ndarray:
    if d < 2 or d % 2:
        raise ValueError(f"d must be a positive even number, got {d}")  # every frequency needs a sin and a cos
    pos = np.arange(n, dtype=np.float64)[:, None]  # (n, 1)
    half = d // 2
    if layout == "interleave":
        inv_freq = 10000.0 ** (-np.arange(0, d, 2) / d)  # (d/2,) 1 / 10000^(2i/d), wavelengths 2pi .. 10000*2pi
        angles = pos * inv_freq  # (n, d/2)
        pe = np.empty((n, d))
        pe[:, 0::2] = np.sin(angles)  # even columns
        pe[:, 1::2] = np.cos(angles)  # odd columns
        return pe
    if layout == "concat":
        # T2T spreads the timescales geometrically from 1 to 1e4 over exactly d/2 channels
        increment = math.log(1e4) / max(half - 1, 1)  # max(): d = 2 has a single timescale, 1
        inv_timescales = np.exp(-np.arange(half) * increment)  # (d/2,)
        angles = pos * inv_timescales  # (n, d/2)
        return np.concatenate([np.sin(angles), np.cos(angles)], axis=1)  # (n, d) [sin | cos]
    raise ValueError(f"unknown layout {layout!r}: use 'interleave' or 'concat'")
