"""Depthwise-separable 1-D convolution and its parameter count. See README.md for the statement."""
import numpy as np


def depthwise_separable_conv1d(x: np.ndarray, depthwise: np.ndarray, pointwise: np.ndarray) -> np.ndarray:
    """Per-channel 'valid' cross-correlation over time, then a 1x1 channel mix.

    x: (B, T, C_in); depthwise: (K, C_in); pointwise: (C_in, C_out).
    Returns (B, T - K + 1, C_out). Raises ValueError if T < K or the channel counts disagree.
    """
    # TODO: d[:, t, c] = sum_k x[:, t + k, c] * depthwise[k, c]; then d @ pointwise.
    raise NotImplementedError("depthwise_separable_conv1d is not implemented yet")


def conv_param_counts(kernel_size: int, c_in: int, c_out: int) -> tuple[int, int]:
    """(separable, full) weight counts, no biases: (K*c_in + c_in*c_out, K*c_in*c_out)."""
    # TODO
    raise NotImplementedError("conv_param_counts is not implemented yet")
