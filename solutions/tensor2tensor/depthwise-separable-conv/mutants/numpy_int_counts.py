"""Counts the weights with np.prod, so the counts are NumPy integers instead of Python ints."""
import numpy as np


def depthwise_separable_conv1d(x: np.ndarray, depthwise: np.ndarray, pointwise: np.ndarray) -> np.ndarray:
    B, T, C = x.shape
    K = depthwise.shape[0]  # depthwise: (K, C), one length-K filter per input channel
    if depthwise.shape[1] != C or pointwise.shape[0] != C:
        raise ValueError(f"channel mismatch: x has {C}, depthwise {depthwise.shape[1]}, pointwise {pointwise.shape[0]}")
    if T < K:
        raise ValueError(f"sequence of length {T} is shorter than the kernel ({K}): no valid position")
    T_out = T - K + 1  # 'valid' padding
    # cross-correlation, as every deep-learning conv: out[t] = sum_k x[t + k] * w[k], no kernel flip
    y = sum(x[:, k:k + T_out, :] * depthwise[k] for k in range(K))  # (B, T_out, C): channels never mix here
    return y @ pointwise  # (B, T_out, C_out): the 1x1 conv mixes channels at each position


def conv_param_counts(kernel_size: int, c_in: int, c_out: int) -> tuple[int, int]:
    separable = np.prod([kernel_size, c_in]) + np.prod([c_in, c_out])  # depthwise + pointwise
    full = np.prod([kernel_size, c_in, c_out])  # every output channel has its own K x c_in filter
    return separable, full
