"""Ignores `tied`: never counts the separate unembedding matrix."""


def count_params(V, n_ctx, d, L, d_mlp, tied=True):
    per_block = 2 * d + (3 * d * d + 3 * d) + (d * d + d) + 2 * d + (d * d_mlp + d_mlp) + (d_mlp * d + d)
    return V * d + n_ctx * d + L * per_block + 2 * d
