"""Returns [loss, grad_v_in, grad_u_pos, grad_U_neg] as a list where the statement asks for a tuple."""
import numpy as np


def sgns_loss_and_grads(v_in, u_pos, U_neg):
    ls = lambda x: -np.logaddexp(0.0, -x)
    s, sn = u_pos @ v_in, U_neg @ v_in
    loss = -ls(s) - np.sum(ls(-sn))
    gp, gn = np.exp(ls(s)) - 1.0, np.exp(ls(sn))
    return [float(loss), gp * u_pos + gn @ U_neg, gp * v_in, gn[:, None] * v_in[None, :]]


def noise_distribution(counts, power=0.75):
    counts = np.asarray(counts, dtype=float)
    if np.any(counts < 0) or counts.sum() <= 0:
        raise ValueError("counts must be non-negative with a positive total")
    w = counts ** power
    return w / w.sum()
