"""Memoises the clean metric as a new key of the caller's clean_cache dict."""
import numpy as np


def patch_residual(run, clean_cache, corrupt_tokens, metric):
    if "metric" not in clean_cache:
        clean_cache["metric"] = metric(clean_cache["logits"])  # computed once ... in the caller's dict
    L, T, _ = clean_cache["resid_pre"].shape
    clean = clean_cache["metric"]
    corrupt = metric(run(corrupt_tokens)["logits"])
    out = np.zeros((L, T))
    for layer in range(L):
        for pos in range(T):
            patched = run(corrupt_tokens, patch=(layer, pos, clean_cache["resid_pre"][layer, pos]))
            out[layer, pos] = (metric(patched["logits"]) - corrupt) / (clean - corrupt)
    return out
