"""Normalises as patched / clean, so the corrupted run does not score 0."""
import numpy as np


def patch_residual(run, clean_cache, corrupt_tokens, metric):
    L, T, _ = clean_cache["resid_pre"].shape
    clean = metric(clean_cache["logits"])
    out = np.zeros((L, T))
    for layer in range(L):
        for pos in range(T):
            out[layer, pos] = metric(run(corrupt_tokens, patch=(layer, pos, clean_cache["resid_pre"][layer, pos]))["logits"]) / clean
    return out
