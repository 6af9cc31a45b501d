"""Returns the weights as a list [W_in, b_in, W_out, b_out] where the statement asks for a tuple."""
import numpy as np


def build_fact_mlp(directions, facts):
    N, D = directions.shape
    W_in, b_in = np.zeros((D, len(facts))), np.full(len(facts), -1.0)
    W_out, b_out = np.zeros((len(facts), D)), np.zeros(D)
    for k, (a, b, c) in enumerate(facts):
        W_in[:, k] = directions[a] + directions[b]
        W_out[k] = directions[c]
    return [W_in, b_in, W_out, b_out]
