"""Skip-gram with negative sampling. See README.md for the statement."""
import numpy as np


def sgns_loss_and_grads(v_in: np.ndarray, u_pos: np.ndarray, U_neg: np.ndarray):
    """Negative-sampling loss of one pair and its gradients.

    v_in: (d,) center input vector. u_pos: (d,) true context output vector.
    U_neg: (K, d) noise output vectors.
    Returns (loss: float, grad_v_in (d,), grad_u_pos (d,), grad_U_neg (K, d)).
    """
    # TODO: scores s = u_pos @ v_in and s_k = U_neg @ v_in; log-sigmoid via -np.logaddexp(0, -x).
    raise NotImplementedError("sgns_loss_and_grads is not implemented yet")


def noise_distribution(counts: np.ndarray, power: float = 0.75) -> np.ndarray:
    """counts (V,) -> probabilities (V,) proportional to counts ** power."""
    # TODO: raise ValueError for negative or all-zero counts, then normalise counts ** power.
    raise NotImplementedError("noise_distribution is not implemented yet")
