"""A hand-built MLP that stores facts: one AND-neuron per fact.

Source: 3Blue1Brown, "How might LLMs store facts" (DL7): a neuron reads the "Michael" and "Jordan"
directions, its bias makes it fire only when both are present, and its output column writes the
"basketball" direction. See also Nanda et al., "Fact Finding" (DeepMind, 2023).
"""
import numpy as np


def build_fact_mlp(directions: np.ndarray, facts: list) -> tuple:
    N, D = directions.shape
    M = len(facts)  # one hidden neuron per fact
    W_in = np.zeros((D, M))
    b_in = np.full(M, -1.0)  # a + b gives pre-activation 2 - 1 = 1; a alone gives 1 - 1 = 0: an AND
    W_out = np.zeros((M, D))
    b_out = np.zeros(D)
    for k, (a, b, c) in enumerate(facts):
        W_in[:, k] = directions[a] + directions[b]  # the neuron's read direction
        W_out[k] = directions[c]  # activation 1 writes exactly the answer direction
    return W_in, b_in, W_out, b_out
