"""No threshold bias: the neuron is an OR of the two names, so either name alone writes the answer."""
import numpy as np


def build_fact_mlp(directions, facts):
    N, D = directions.shape
    M = len(facts)
    W_in = np.zeros((D, M))
    W_out = np.zeros((M, D))
    for k, (a, b, c) in enumerate(facts):
        W_in[:, k] = directions[a] + directions[b]
        W_out[k] = directions[c] / 2.0  # a + b gives 2, so halve the output
    return W_in, np.zeros(M), W_out, np.zeros(D)
