"""Hidden cases for sdpa: random shapes (d != dv, Tq != Tk), masks, large scores, permutation properties."""
import numpy as np

from grader.protocol import Call, Case, Failure


def rows_sum_to_one(ctx):
    for out, w in ctx.outputs:
        ctx.assert_close(w.sum(-1), np.ones(w.shape[:-1]), "attention weights summed over the keys")
        if (w < 0).any():
            raise Failure("an attention weight is negative")


def masked_keys_get_zero(ctx):
    rows_sum_to_one(ctx)
    (out,) = ctx.outputs
    w = out[1]
    mask = np.broadcast_to(ctx.calls[0].kwargs["mask"], w.shape)
    if np.abs(w[~mask]).max(initial=0.0) > 0.0:
        raise Failure("a key whose mask entry is False got a non-zero weight")


def query_permutation(ctx):
    (out, w), (out_p, w_p) = ctx.outputs
    ctx.assert_close(out_p, out[PERM_Q], "output for permuted queries vs permuted output")
    ctx.assert_close(w_p, w[PERM_Q], "weights for permuted queries vs permuted weights")


def kv_permutation(ctx):
    (out, _), (out_p, _) = ctx.outputs
    ctx.assert_close(out_p, out, "output after permuting K and V together")


PERM_Q = np.array([3, 0, 4, 1, 2])


def cases():
    rng = np.random.default_rng(20261205)
    for shape_q, tk, dv in [((4, 3), 4, 3), ((2, 5, 8), 7, 4), ((2, 3, 6, 16), 6, 8), ((1, 1), 1, 2)]:
        *lead, tq, d = shape_q
        Q = rng.normal(size=shape_q)
        K = rng.normal(size=(*lead, tk, d))
        V = rng.normal(size=(*lead, tk, dv))
        name = f"random_Q{'x'.join(map(str, shape_q))}_Tk{tk}_dv{dv}"
        yield Case(name, Call("attention", Q, K, V), check=rows_sum_to_one)

    Q, K, V = rng.normal(size=(2, 5, 4)), rng.normal(size=(2, 6, 4)), rng.normal(size=(2, 6, 3))
    mask = rng.random((5, 6)) < 0.5
    mask[np.arange(5), rng.integers(0, 6, size=5)] = True  # every row keeps at least one key
    yield Case("broadcast_mask_Tq_by_Tk", Call("attention", Q, K, V, mask=mask), check=masked_keys_get_zero)

    mask = np.zeros((2, 5, 6), dtype=bool)
    mask[0, :, 2] = True
    mask[1, np.arange(5), np.arange(5)] = True
    yield Case("mask_leaves_one_key_per_row", Call("attention", Q, K, V, mask=mask), check=masked_keys_get_zero)

    Q, K, V = 40.0 * rng.normal(size=(3, 8)), 40.0 * rng.normal(size=(5, 8)), rng.normal(size=(5, 2))
    yield Case("large_scores_no_overflow", Call("attention", Q, K, V), check=rows_sum_to_one)
    yield Case("large_scores_with_mask", Call("attention", Q, K, V, mask=np.tril(np.ones((3, 5), dtype=bool))),
               check=masked_keys_get_zero)

    Q, K, V = rng.normal(size=(5, 4)), rng.normal(size=(6, 4)), rng.normal(size=(6, 3))
    yield Case("permuting_queries_permutes_outputs", Call("attention", Q, K, V), Call("attention", Q[PERM_Q], K, V),
               check=query_permutation)
    perm = rng.permutation(6)
    yield Case("permuting_keys_and_values_together_changes_nothing", Call("attention", Q, K, V),
               Call("attention", Q, K[perm], V[perm]), check=kv_permutation)
