"""Caches the OV and QK circuits as new keys of the caller's layer0 / layer1 dicts."""
import numpy as np


def composition_score(W_A, W_B):
    return float(np.linalg.norm(W_A @ W_B) / (np.linalg.norm(W_A) * np.linalg.norm(W_B)))


def composition_scores(layer0, layer1):
    for layer in (layer0, layer1):
        layer["W_OV"] = layer["W_V"] @ layer["W_O"]
        layer["W_QK"] = layer["W_Q"] @ np.swapaxes(layer["W_K"], -1, -2)
    H0, H1 = layer0["W_OV"].shape[0], layer1["W_QK"].shape[0]
    out = {name: np.zeros((H0, H1)) for name in ("q", "k", "v")}
    for i in range(H0):
        for j in range(H1):
            out["q"][i, j] = composition_score(layer0["W_OV"][i], layer1["W_QK"][j])
            out["k"][i, j] = composition_score(layer0["W_OV"][i], layer1["W_QK"][j].T)
            out["v"][i, j] = composition_score(layer0["W_OV"][i], layer1["W_OV"][j])
    return out
