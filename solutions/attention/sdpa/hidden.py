"""Hidden cases for sdpa: random shapes (d != dv, Tq != Tk), masks, large scores of both signs, zero queries,
permutation properties.

The grader also checks, on every call, that Q, K, V and mask are unchanged and the types are exact.
"""
import numpy as np

from grader.protocol import Call, Case, Failure


def _pair(out):
    if type(out) is not tuple or len(out) != 2:
        raise Failure(f"attention should return a tuple (out, weights), got a {type(out).__name__}")
    return out


def rows_sum_to_one(ctx):
    for result in ctx.outputs:
        out, w = _pair(result)
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


def zero_queries_are_uniform(ctx):
    """A zero query scores 0 against every allowed key: equal weights over the keys its mask allows."""
    rows_sum_to_one(ctx)
    (out,) = ctx.outputs
    w = out[1]
    mask = ctx.calls[0].kwargs.get("mask")
    allowed = np.ones(w.shape, dtype=bool) if mask is None else np.broadcast_to(mask, w.shape)
    zero = ~ctx.calls[0].args[0].any(axis=-1)  # (..., Tq) rows of Q that are all zeros
    uniform = allowed / allowed.sum(-1, keepdims=True)
    ctx.assert_close(w[zero], uniform[zero], "weights of a zero query (equal over the allowed keys)")


def query_permutation(ctx):
    (out, w), (out_p, w_p) = (_pair(r) for r in ctx.outputs)
    ctx.assert_close(out_p, out[PERM_Q], "output for permuted queries vs permuted output")
    ctx.assert_close(w_p, w[PERM_Q], "weights for permuted queries vs permuted weights")


def kv_permutation(ctx):
    (out, _), (out_p, _) = (_pair(r) for r in ctx.outputs)
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

    pad = np.ones((2, 1, 6), dtype=bool)
    pad[0, 0, 4:] = False
    pad[1, 0, :1] = False
    yield Case("key_mask_B_by_1_by_Tk", Call("attention", Q, K, V, mask=pad), check=masked_keys_get_zero)

    Q, K, V = 40.0 * rng.normal(size=(3, 8)), 40.0 * rng.normal(size=(5, 8)), rng.normal(size=(5, 2))
    yield Case("large_scores_no_overflow", Call("attention", Q, K, V), check=rows_sum_to_one)
    yield Case("large_scores_with_mask", Call("attention", Q, K, V, mask=np.tril(np.ones((3, 5), dtype=bool))),
               check=masked_keys_get_zero)
    # every score of every row near -5000: exp alone underflows to 0 / 0
    Q = 50.0 * np.ones((3, 4)) + rng.normal(size=(3, 4))
    K = -50.0 * np.ones((5, 4)) + rng.normal(size=(5, 4))
    yield Case("large_negative_scores", Call("attention", Q, K, rng.normal(size=(5, 3))), check=rows_sum_to_one)

    Q, K, V = rng.normal(size=(2, 4, 3)), rng.normal(size=(2, 5, 3)), rng.normal(size=(2, 5, 2))
    Q[0, 1] = 0.0
    Q[1, [0, 3]] = 0.0
    yield Case("zero_queries", Call("attention", Q, K, V), check=zero_queries_are_uniform)
    mask = np.tril(np.ones((4, 5), dtype=bool), k=1)
    yield Case("zero_queries_with_mask", Call("attention", Q, K, V, mask=mask), check=zero_queries_are_uniform)
    K = rng.normal(size=(2, 5, 3))
    K[:, :, 0] = 0.0
    Qo = np.zeros((2, 4, 3))
    Qo[..., 0] = rng.normal(size=(2, 4))  # orthogonal to every key: all scores exactly 0
    yield Case("zero_scores_allowed_by_mask", Call("attention", Qo, K, V, mask=mask), check=masked_keys_get_zero)

    Q, K, V = rng.normal(size=(5, 4)), rng.normal(size=(6, 4)), rng.normal(size=(6, 3))
    yield Case("permuting_queries_permutes_outputs", Call("attention", Q, K, V), Call("attention", Q[PERM_Q], K, V),
               check=query_permutation)
    perm = rng.permutation(6)
    yield Case("permuting_keys_and_values_together_changes_nothing", Call("attention", Q, K, V),
               Call("attention", Q, K[perm], V[perm]), check=kv_permutation)
