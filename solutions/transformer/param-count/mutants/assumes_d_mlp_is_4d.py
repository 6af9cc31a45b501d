"""Uses 4 * d for the MLP width whatever d_mlp says."""


def count_params(V, n_ctx, d, L, d_mlp, tied=True):
    m = 4 * d
    per_block = 2 * d + (3 * d * d + 3 * d) + (d * d + d) + 2 * d + (d * m + m) + (m * d + d)
    return V * d + n_ctx * d + L * per_block + 2 * d + (0 if tied else V * d)
