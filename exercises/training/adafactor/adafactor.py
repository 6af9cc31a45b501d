"""One step of Adafactor. See README.md for the statement."""
import numpy as np


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
    """One Adafactor update (no momentum, no weight decay) of a matrix or a vector.

    W: the parameter, float array of shape (n, m) or (n,).
    G: its gradient, same shape as W.
    state: for a matrix {"row": (n,), "col": (m,)}; for a vector {"v": (n,)}; all zeros before step 1.
    step: this step's number t, counted from 1 (step < 1 raises ValueError).
    lr: cap of the relative step size, rho_t = min(lr, 1 / sqrt(t)).
    eps1: added to G**2; eps2: floor of RMS(W) in the step size; d: clipping threshold;
    beta2_decay: beta2_t = 1 - t ** beta2_decay.
    Returns (W_new, new_state): a new array shaped like W and a new dict with the same keys and shapes.
    """
    # TODO: alpha = max(eps2, RMS(W)) * min(lr, 1/sqrt(t)); update the row/column (or full) second
    #       moments of G**2 + eps1; V_hat; U = G / sqrt(V_hat); clip U by max(1, RMS(U) / d);
    #       W_new = W - alpha * U.
    raise NotImplementedError("adafactor_step is not implemented yet")
