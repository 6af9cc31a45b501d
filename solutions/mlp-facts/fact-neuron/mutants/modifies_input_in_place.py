"""Adds d_b into the row view directions[a] in place, so the caller's directions are changed."""
import numpy as np


def build_fact_mlp(directions, facts):
    N, D = directions.shape
    W_in, b_in = np.zeros((D, len(facts))), np.full(len(facts), -1.0)
    W_out, b_out = np.zeros((len(facts), D)), np.zeros(D)
    for k, (a, b, c) in enumerate(facts):
        W_out[k] = directions[c]
    for k, (a, b, c) in reversed(list(enumerate(facts))):
        read = directions[a]  # a view of the caller's row, not a copy
        read += directions[b]
        W_in[:, k] = read
    return W_in, b_in, W_out, b_out
