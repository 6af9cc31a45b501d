"""Induction heads: repeated random tokens and the induction stripe of an attention pattern.

Source: A Mathematical Framework for Transformer Circuits (Elhage et al., 2021), section
"Induction heads", https://transformer-circuits.pub/2021/framework/index.html; ARENA 1.2
(generate_repeated_tokens, induction_attn_detector).
"""
import numpy as np


def repeated_tokens(V: int, L: int, B: int, bos: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    half = rng.integers(0, V, size=(B, L))  # (B, L): the only random call
    prefix = np.full((B, 1), bos, dtype=np.int64)  # (B, 1)
    return np.concatenate([prefix, half, half], axis=1).astype(np.int64)  # (B, 1 + 2L)


def induction_score(pattern: np.ndarray, L: int) -> np.ndarray:
    H, T, _ = pattern.shape
    if T != 2 * L + 1:
        raise ValueError(f"pattern has T={T} positions; a repeated sequence of length L={L} has {2 * L + 1}")
    # query q in the second copy holds the same token as q - L; an induction head attends to the
    # token that came right after that earlier copy, key q - L + 1: the diagonal at offset 1 - L
    stripe = np.diagonal(pattern, offset=1 - L, axis1=1, axis2=2)  # (H, L + 2): queries L-1 .. 2L
    return stripe.mean(axis=-1)  # (H,)
