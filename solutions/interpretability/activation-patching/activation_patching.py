"""Activation patching of the residual stream: restore one (layer, position) from a clean run.

Source: ARENA 1.4 (Indirect Object Identification), `get_act_patching_resid_pre`, with the metric
normalised so that the clean run scores 1 and the corrupted run 0; the residual stream as the
model's communication channel from A Mathematical Framework for Transformer Circuits
(Elhage et al., 2021), https://transformer-circuits.pub/2021/framework/index.html
"""
import numpy as np


def patch_residual(run, clean_cache: dict, corrupt_tokens: np.ndarray, metric) -> np.ndarray:
    L, T, _ = clean_cache["resid_pre"].shape
    clean = metric(clean_cache["logits"])  # the behaviour we want to recover
    corrupt = metric(run(corrupt_tokens)["logits"])  # the behaviour with the information removed
    out = np.zeros((L, T))
    for layer in range(L):
        for pos in range(T):
            # one clean vector dropped into the corrupted run: how much of the clean behaviour returns?
            patched = run(corrupt_tokens, patch=(layer, pos, clean_cache["resid_pre"][layer, pos]))
            out[layer, pos] = (metric(patched["logits"]) - corrupt) / (clean - corrupt)
    return out  # (L, T): 1 = fully restored, 0 = no effect
