"""Updates the caller's state arrays and W in place (state['row'] *= beta2, W -= ...) instead of new ones."""
import math

import numpy as np


def _rms(x: np.ndarray) -> float:
    return math.sqrt(float(np.mean(x * x)))


def adafactor_step(
    W: np.ndarray,
    G: np.ndarray,
    state: dict,
    step: int,
    lr: float = 1e-2,
    eps1: float = 1e-30,
    eps2: float = 1e-3,
    d: float = 1.0,
    beta2_decay: float = -0.8,
) -> tuple[np.ndarray, dict]:
    if step < 1:
        raise ValueError(f"step must be >= 1, got {step}")
    rho = min(lr, 1.0 / math.sqrt(step))  # relative step size: 1/sqrt(t) decay, capped at lr
    alpha = max(eps2, _rms(W)) * rho  # scale the step by the parameter's own size; eps2 lets zeros move
    beta2 = 1.0 - step ** beta2_decay  # 0 at step 1 (no bias correction needed), -> 1 as t grows
    sq = G * G + eps1  # eps1 keeps the factors strictly positive
    if W.ndim == 2:
        row, col = state["row"], state["col"]
        row *= beta2
        row += (1.0 - beta2) * sq.mean(axis=1)
        col *= beta2
        col += (1.0 - beta2) * sq.mean(axis=0)
        V = np.outer(row, col) / row.mean()  # (n, m): rank-1 estimate of E[G^2]
        new_state = {"row": row, "col": col}
    elif W.ndim == 1:
        v = state["v"]
        v *= beta2
        v += (1.0 - beta2) * sq
        V = v
        new_state = {"v": v}
    else:
        raise ValueError(f"W must be a vector or a matrix, got {W.ndim} dimensions")
    U = G / np.sqrt(V)  # same shape as W
    U = U / max(1.0, _rms(U) / d)  # update clipping: a stale V (slow beta2) cannot blow up the step
    W -= alpha * U
    return W, new_state
