"""Uses the spectral norm (largest singular value) instead of the Frobenius norm."""
import numpy as np


def composition_score(W_A, W_B):
    return float(np.linalg.norm(W_A @ W_B, 2) / (np.linalg.norm(W_A, 2) * np.linalg.norm(W_B, 2)))


def composition_scores(layer0, layer1):
    W_OV0 = layer0["W_V"] @ layer0["W_O"]
    W_QK1 = layer1["W_Q"] @ np.swapaxes(layer1["W_K"], -1, -2)
    W_OV1 = layer1["W_V"] @ layer1["W_O"]
    out = {n: np.zeros((W_OV0.shape[0], W_QK1.shape[0])) for n in "qkv"}
    for i in range(W_OV0.shape[0]):
        for j in range(W_QK1.shape[0]):
            out["q"][i, j] = composition_score(W_OV0[i], W_QK1[j])
            out["k"][i, j] = composition_score(W_OV0[i], W_QK1[j].T)
            out["v"][i, j] = composition_score(W_OV0[i], W_OV1[j])
    return out
