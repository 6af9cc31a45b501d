"""Q-, K- and V-composition scores between the heads of two layers.

Source: A Mathematical Framework for Transformer Circuits (Elhage et al., 2021), "Two-layer
attention-only transformers" / "Detecting composition": ||W_A W_B||_F / (||W_A||_F ||W_B||_F).
Row-vector convention as in ARENA 1.2 (get_comp_score), https://transformer-circuits.pub/2021/framework/index.html
"""
import numpy as np


def composition_score(W_A: np.ndarray, W_B: np.ndarray) -> float:
    # how much of what W_A writes lands where W_B reads, relative to two random-free scales
    return float(np.linalg.norm(W_A @ W_B) / (np.linalg.norm(W_A) * np.linalg.norm(W_B)))  # Frobenius norms


def composition_scores(layer0: dict, layer1: dict) -> dict:
    W_OV0 = layer0["W_V"] @ layer0["W_O"]  # (H0, D, D): what each layer-0 head writes, x @ W_OV
    W_QK1 = layer1["W_Q"] @ np.swapaxes(layer1["W_K"], -1, -2)  # (H1, D, D): score = x_q @ W_QK @ x_k.T
    W_OV1 = layer1["W_V"] @ layer1["W_O"]  # (H1, D, D)
    H0, H1 = W_OV0.shape[0], W_QK1.shape[0]
    out = {name: np.zeros((H0, H1)) for name in ("q", "k", "v")}
    for i in range(H0):
        for j in range(H1):
            # query reads the layer-0 output: (x W_OV0) W_QK1
            out["q"][i, j] = composition_score(W_OV0[i], W_QK1[j])
            # key reads it: x_q W_QK1 (x W_OV0)^T = x_q (W_OV0 W_QK1^T)^T x^T
            out["k"][i, j] = composition_score(W_OV0[i], W_QK1[j].T)
            # value reads it: (x W_OV0) W_OV1
            out["v"][i, j] = composition_score(W_OV0[i], W_OV1[j])
    return out
