"""Returns the raw change patched - corrupt, without dividing by clean - corrupt."""
import numpy as np


def patch_residual(run, clean_cache, corrupt_tokens, metric):
    L, T, _ = clean_cache["resid_pre"].shape
    corrupt = metric(run(corrupt_tokens)["logits"])
    out = np.zeros((L, T))
    for layer in range(L):
        for pos in range(T):
            out[layer, pos] = metric(run(corrupt_tokens, patch=(layer, pos, clean_cache["resid_pre"][layer, pos]))["logits"]) - corrupt
    return out
