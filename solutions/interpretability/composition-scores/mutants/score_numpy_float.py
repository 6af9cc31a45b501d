"""composition_score returns a NumPy float64 scalar where the statement asks for a Python float."""
import numpy as np


def composition_score(W_A, W_B):
    return np.linalg.norm(W_A @ W_B) / (np.linalg.norm(W_A) * np.linalg.norm(W_B))


def composition_scores(layer0, layer1):
    W_OV0 = layer0["W_V"] @ layer0["W_O"]
    W_QK1 = layer1["W_Q"] @ np.swapaxes(layer1["W_K"], -1, -2)
    W_OV1 = layer1["W_V"] @ layer1["W_O"]
    H0, H1 = W_OV0.shape[0], W_QK1.shape[0]
    out = {name: np.zeros((H0, H1)) for name in ("q", "k", "v")}
    for i in range(H0):
        for j in range(H1):
            out["q"][i, j] = composition_score(W_OV0[i], W_QK1[j])
            out["k"][i, j] = composition_score(W_OV0[i], W_QK1[j].T)
            out["v"][i, j] = composition_score(W_OV0[i], W_OV1[j])
    return out
