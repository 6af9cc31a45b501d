"""Skip-gram with negative sampling (SGNS): the loss of one (center, context) pair, its gradients,
and the unigram^0.75 noise distribution the negatives are drawn from.

Source: Mikolov et al. 2013, "Distributed Representations of Words and Phrases and their
Compositionality" (arXiv 1310.4546), eq. 4 and section 2.2.
"""
import numpy as np


def _log_sigmoid(x):
    return -np.logaddexp(0.0, -x)  # log(1 / (1 + e^-x)) without overflow for |x| ~ 1e3


def _sigmoid(x):
    return np.exp(_log_sigmoid(x))  # in [0, 1], never nan


def sgns_loss_and_grads(v_in: np.ndarray, u_pos: np.ndarray, U_neg: np.ndarray):
    s_pos = u_pos @ v_in  # scalar: score of the true context word
    s_neg = U_neg @ v_in  # (K,): scores of the K noise words
    loss = -_log_sigmoid(s_pos) - np.sum(_log_sigmoid(-s_neg))
    g_pos = _sigmoid(s_pos) - 1.0  # dL/ds_pos, in [-1, 0]
    g_neg = _sigmoid(s_neg)  # (K,) dL/ds_neg, in [0, 1]
    grad_v = g_pos * u_pos + g_neg @ U_neg  # (d,)
    grad_u_pos = g_pos * v_in  # (d,)
    grad_U_neg = g_neg[:, None] * v_in[None, :]  # (K, d): outer product
    return float(loss), grad_v, grad_u_pos, grad_U_neg


def noise_distribution(counts: np.ndarray, power: float = 0.75) -> np.ndarray:
    counts = np.asarray(counts, dtype=np.float64)  # (V,)
    if np.any(counts < 0):
        raise ValueError("counts must be non-negative")
    weights = counts ** power  # 0 ** 0.75 = 0: unseen words are never drawn
    total = weights.sum()
    if total <= 0:
        raise ValueError("at least one count must be positive")
    return weights / total  # (V,), sums to 1
