"""Computes log sigmoid naively: overflows to inf/nan for scores in the thousands."""
import numpy as np


def sgns_loss_and_grads(v_in, u_pos, U_neg):
    s, sn = u_pos @ v_in, U_neg @ v_in
    sig = lambda x: 1.0 / (1.0 + np.exp(-x))
    loss = -np.log(sig(s)) - np.sum(np.log(sig(-sn)))
    gp, gn = sig(s) - 1.0, sig(sn)
    return float(loss), gp * u_pos + gn @ U_neg, gp * v_in, gn[:, None] * v_in[None, :]


def noise_distribution(counts, power=0.75):
    counts = np.asarray(counts, dtype=float)
    if np.any(counts < 0) or counts.sum() <= 0:
        raise ValueError("counts")
    w = counts ** power
    return w / w.sum()
