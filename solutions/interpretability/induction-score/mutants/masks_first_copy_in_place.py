"""Zeroes the first-copy queries of pattern in place before scoring, changing the caller's array."""
import numpy as np


def repeated_tokens(V, L, B, bos, seed):
    half = np.random.default_rng(seed).integers(0, V, size=(B, L))
    return np.concatenate([np.full((B, 1), bos, dtype=np.int64), half, half], axis=1).astype(np.int64)


def induction_score(pattern, L):
    if pattern.shape[-1] != 2 * L + 1:
        raise ValueError("bad length")
    pattern[:, :L - 1] = 0.0  # queries before the stripe cannot be induction queries
    return np.diagonal(pattern, offset=1 - L, axis1=1, axis2=2).mean(axis=-1)
