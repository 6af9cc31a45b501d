"""Running mean over time as a matrix product: Karpathy's "mathematical trick in self-attention".

Source: Karpathy, "Let's build GPT: from scratch, in code, spelled out" (version 2: wei = tril / rowsum; xbow = wei @ x).
"""
import numpy as np


def prefix_mean(x: np.ndarray) -> np.ndarray:
    T = x.shape[1]
    wei = np.tril(np.ones((T, T)))  # (T, T) row t has ones at 0..t
    wei = wei / wei.sum(axis=1, keepdims=True)  # (T, T) row t: 1/(t+1) at 0..t, a uniform attention pattern
    return wei @ x  # (T, T) @ (B, T, C) -> (B, T, C), broadcast over the batch
