"""Forgets the layer norms' weights and biases."""


def count_params(V, n_ctx, d, L, d_mlp, tied=True):
    per_block = (3 * d * d + 3 * d) + (d * d + d) + (d * d_mlp + d_mlp) + (d_mlp * d + d)
    return V * d + n_ctx * d + L * per_block + (0 if tied else V * d)
