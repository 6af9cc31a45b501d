"""Draws the two halves with two separate random calls, so the sequence does not repeat."""
import numpy as np


def repeated_tokens(V, L, B, bos, seed):
    rng = np.random.default_rng(seed)
    first = rng.integers(0, V, size=(B, L))
    second = rng.integers(0, V, size=(B, L))
    return np.concatenate([np.full((B, 1), bos, dtype=np.int64), first, second], axis=1).astype(np.int64)


def induction_score(pattern, L):
    if pattern.shape[-1] != 2 * L + 1:
        raise ValueError("bad length")
    return np.diagonal(pattern, offset=1 - L, axis1=1, axis2=2).mean(axis=-1)
