"""Flips the caller's depthwise kernel in place so that np.convolve (which flips it back) cross-correlates."""
import numpy as np


def depthwise_separable_conv1d(x: np.ndarray, depthwise: np.ndarray, pointwise: np.ndarray) -> np.ndarray:
    B, T, C = x.shape
    K = depthwise.shape[0]  # depthwise: (K, C), one length-K filter per input channel
    if depthwise.shape[1] != C or pointwise.shape[0] != C:
        raise ValueError(f"channel mismatch: x has {C}, depthwise {depthwise.shape[1]}, pointwise {pointwise.shape[0]}")
    if T < K:
        raise ValueError(f"sequence of length {T} is shorter than the kernel ({K}): no valid position")
    T_out = T - K + 1  # 'valid' padding
    depthwise[:] = depthwise[::-1]  # np.convolve flips the kernel: flip it first to cross-correlate
    y = np.empty((B, T_out, C))
    for b in range(B):
        for c in range(C):
            y[b, :, c] = np.convolve(x[b, :, c], depthwise[:, c], mode="valid")
    return y @ pointwise  # (B, T_out, C_out): the 1x1 conv mixes channels at each position


def conv_param_counts(kernel_size: int, c_in: int, c_out: int) -> tuple[int, int]:
    separable = kernel_size * c_in + c_in * c_out  # depthwise + pointwise
    full = kernel_size * c_in * c_out  # every output channel has its own K x c_in filter
    return separable, full
