"""Hand-build an MLP that stores facts. See README.md for the statement."""
import numpy as np


def build_fact_mlp(directions: np.ndarray, facts: list) -> tuple:
    """Weights of a ReLU MLP  mlp(x) = ReLU(x @ W_in + b_in) @ W_out + b_out  that stores `facts`.

    directions: (N, D) float array, orthonormal rows d_0 ... d_{N-1}.
    facts: list of (a, b, c) int triples: d_a + d_b must make the MLP write d_c.
    Returns (W_in (D, M), b_in (M,), W_out (M, D), b_out (D,)), float arrays, any M >= 1.
    """
    # TODO: one hidden neuron per fact; choose its bias so that it fires for a + b but not for a or b alone.
    raise NotImplementedError("build_fact_mlp is not implemented yet")
