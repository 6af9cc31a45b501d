"""Threshold at -0.5 instead of -1: a single name still leaks a third of the answer."""
import numpy as np


def build_fact_mlp(directions, facts):
    N, D = directions.shape
    M = len(facts)
    W_in = np.zeros((D, M))
    W_out = np.zeros((M, D))
    for k, (a, b, c) in enumerate(facts):
        W_in[:, k] = directions[a] + directions[b]
        W_out[k] = directions[c] / 1.5
    return W_in, np.full(M, -0.5), W_out, np.zeros(D)
