"""Clips each entry of U to [-d, d] instead of dividing the whole update by max(1, RMS(U) / d)."""
import math

import numpy as np


def adafactor_step(W, G, state, step, lr=1e-2, eps1=1e-30, eps2=1e-3, d=1.0, beta2_decay=-0.8):
    if step < 1:
        raise ValueError("step")
    alpha = max(eps2, math.sqrt(np.mean(W * W))) * min(lr, 1 / math.sqrt(step))
    beta2 = 1 - step ** beta2_decay
    sq = G * G + eps1
    if W.ndim == 2:
        row = beta2 * state["row"] + (1 - beta2) * sq.mean(axis=1)
        col = beta2 * state["col"] + (1 - beta2) * sq.mean(axis=0)
        V = np.outer(row, col) / row.mean()
        new = {"row": row, "col": col}
    elif W.ndim == 1:
        V = beta2 * state["v"] + (1 - beta2) * sq
        new = {"v": V}
    else:
        raise ValueError("ndim")
    U = np.clip(G / np.sqrt(V), -d, d)
    return W - alpha * U, new
