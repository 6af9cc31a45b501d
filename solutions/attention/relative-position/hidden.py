"""Hidden cases for relative-position: index tables, random attention, zero tables, clipping equivalence,
large scores of both signs.

The grader also checks, on every call, that the arguments are unchanged and z is float64.
"""
import numpy as np

from grader.protocol import Call, Case, Failure


def _any_int_dtype(name, *calls, **kwargs):
    """relative_index may return any integer dtype, as the statement allows."""
    return Case(name, *calls, exact_types=False, **kwargs)


def integer_index(ctx):
    (out,) = ctx.outputs
    if type(out) is not np.ndarray or out.dtype.kind not in "iu":
        raise Failure(f"relative_index should return an integer np.ndarray, got {type(out).__name__} "
                      f"{getattr(out, 'dtype', '')}".rstrip())


def _weights(rng, D, dz, k, table_scale=1.0):
    s = 1.0 / np.sqrt(D)
    return (s * rng.normal(size=(D, dz)), s * rng.normal(size=(D, dz)), s * rng.normal(size=(D, dz)),
            table_scale * rng.normal(size=(2 * k + 1, dz)), table_scale * rng.normal(size=(2 * k + 1, dz)))


def vanilla_when_tables_are_zero(ctx):
    (z,) = ctx.outputs
    x, Wq, Wk, Wv, *_ = ctx.calls[0].args
    q, kk, v = x @ Wq, x @ Wk, x @ Wv
    s = q @ kk.T / np.sqrt(Wq.shape[1])
    w = np.exp(s - s.max(-1, keepdims=True))
    w /= w.sum(-1, keepdims=True)
    ctx.assert_close(z, w @ v, "zero tables should give plain softmax(q k^T / sqrt(dz)) v")


def same_as_wider_tables(ctx):
    z, z_wide = ctx.outputs
    ctx.assert_close(z_wide, z, "tables widened to K >= T-1 by repeating their edge rows vs clipped offsets")


def cases():
    rng = np.random.default_rng(20261210)
    for Tq, Tk, k in [(4, 4, 1), (3, 6, 2), (6, 2, 3), (5, 5, 0), (1, 1, 2), (7, 7, 10), (1, 6, 0)]:
        yield _any_int_dtype(f"relative_index_{Tq}x{Tk}_k{k}", Call("relative_index", Tq, Tk, k), check=integer_index)

    for T, D, dz, k in [(5, 6, 4, 2), (8, 8, 3, 1), (4, 3, 5, 4), (9, 12, 6, 3)]:
        x = rng.normal(size=(T, D))
        yield Case(f"attention_T{T}_D{D}_dz{dz}_k{k}", Call("relative_attention", x, *_weights(rng, D, dz, k), k))

    x = rng.normal(size=(6, 8))
    Wq, Wk, Wv, _, _ = _weights(rng, 8, 4, 2)
    yield Case("zero_tables_give_vanilla_attention",
               Call("relative_attention", x, Wq, Wk, Wv, np.zeros((5, 4)), np.zeros((5, 4)), 2),
               check=vanilla_when_tables_are_zero)

    k, K = 1, 6  # T = 7: offsets reach +-6
    x = rng.normal(size=(7, 8))
    Wq, Wk, Wv, aK, aV = _weights(rng, 8, 4, k)
    rows = np.clip(np.arange(-K, K + 1), -k, k) + k  # row r of the wide table repeats the clipped row
    yield Case("offsets_beyond_k_act_as_k", Call("relative_attention", x, Wq, Wk, Wv, aK, aV, k),
               Call("relative_attention", x, Wq, Wk, Wv, aK[rows], aV[rows], K), check=same_as_wider_tables)

    K = 3  # widened past k but not to T - 1: the offsets +-4..6 clip to +-3 and then act as +-1
    rows = np.clip(np.arange(-K, K + 1), -k, k) + k
    yield Case("offsets_beyond_k_act_as_k_K3", Call("relative_attention", x, Wq, Wk, Wv, aK, aV, k),
               Call("relative_attention", x, Wq, Wk, Wv, aK[rows], aV[rows], K), check=same_as_wider_tables)

    yield Case("k_zero_single_table_row", Call("relative_attention", rng.normal(size=(5, 6)), *_weights(rng, 6, 3, 0), 0))
    # every score near -1800: exp alone underflows to 0 / 0
    x = 1.0 + 0.05 * rng.normal(size=(5, 4))
    yield Case("large_negative_scores", Call("relative_attention", x, 30.0 * np.eye(4), -30.0 * np.eye(4), rng.normal(size=(4, 4)),
                                             0.1 * rng.normal(size=(3, 4)), rng.normal(size=(3, 4)), 1))
    yield Case("length_one", Call("relative_attention", rng.normal(size=(1, 4)), *_weights(rng, 4, 2, 2), 2))
    yield Case("large_tables", Call("relative_attention", rng.normal(size=(6, 4)), *_weights(rng, 4, 4, 2, 25.0), 2))
