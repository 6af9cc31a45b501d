"""Patches the clean vector of layer l into layer l+1's input (off by one layer), wrapping the last to 0."""
import numpy as np


def patch_residual(run, clean_cache, corrupt_tokens, metric):
    L, T, _ = clean_cache["resid_pre"].shape
    clean = metric(clean_cache["logits"])
    corrupt = metric(run(corrupt_tokens)["logits"])
    out = np.zeros((L, T))
    for layer in range(L):
        for pos in range(T):
            patched = run(corrupt_tokens, patch=((layer + 1) % L, pos, clean_cache["resid_pre"][layer, pos]))
            out[layer, pos] = (metric(patched["logits"]) - corrupt) / (clean - corrupt)
    return out
