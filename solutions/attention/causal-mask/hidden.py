"""Hidden cases for causal-mask: random shapes (T != d), T = 1, large scores of both signs, zero queries,
causal properties.

The grader also checks, on every call, that Q, K, V are unchanged and the types are exact.
"""
import numpy as np

from grader.protocol import Call, Case, Failure


def causal_weights(ctx):
    for result in ctx.outputs:
        if type(result) is not tuple or len(result) != 2:
            raise Failure(f"causal_attention should return a tuple (out, weights), got a {type(result).__name__}")
        out, w = result
        if not (np.isfinite(out).all() and np.isfinite(w).all()):
            raise Failure("the output or the weights contain nan or inf")
        T = w.shape[-1]
        future = ~np.tril(np.ones((T, T), dtype=bool))
        if np.abs(w[..., future]).max(initial=0.0) > 0.0:
            raise Failure("a position gives non-zero weight to a later position")
        ctx.assert_close(w.sum(-1), np.ones(w.shape[:-1]), "weights summed over the keys")
        ctx.assert_close(w[..., 0, 0], np.ones(w.shape[:-2]), "weight of position 0 on itself")


def zero_queries_average_the_past(ctx):
    causal_weights(ctx)
    (out,) = ctx.outputs
    w = out[1]
    T = w.shape[-1]
    uniform = np.tril(np.ones((T, T))) / np.arange(1, T + 1)[:, None]
    ctx.assert_close(w, np.broadcast_to(uniform, w.shape), "weights of zero queries (equal over positions 0..i)")


def future_does_not_leak(ctx):
    causal_weights(ctx)
    (out, _), (out_changed, _) = ctx.outputs
    t0 = CHANGED_FROM
    ctx.assert_close(out_changed[..., :t0, :], out[..., :t0, :],
                     f"outputs at positions < {t0} after changing Q, K, V at positions >= {t0}")


CHANGED_FROM = 4


def cases():
    rng = np.random.default_rng(20261206)
    for lead, T, d, dv in [((), 5, 3, 3), ((2,), 7, 4, 2), ((2, 3), 6, 8, 8), ((1,), 9, 2, 5)]:
        Q, K, V = (rng.normal(size=(*lead, T, d)), rng.normal(size=(*lead, T, d)), rng.normal(size=(*lead, T, dv)))
        yield Case(f"random_{'x'.join(map(str, (*lead, T, d)))}_dv{dv}", Call("causal_attention", Q, K, V),
                   check=causal_weights)
    yield Case("length_one", Call("causal_attention", rng.normal(size=(2, 1, 4)), rng.normal(size=(2, 1, 4)),
                                  rng.normal(size=(2, 1, 3))), check=causal_weights)
    big = 60.0 * rng.normal(size=(6, 4))
    yield Case("large_scores_no_nan", Call("causal_attention", big, big, rng.normal(size=(6, 3))), check=causal_weights)

    # every allowed score near -5000: exp alone underflows to 0 / 0
    Q = 50.0 + rng.normal(size=(5, 4))
    yield Case("large_negative_scores", Call("causal_attention", Q, -50.0 + rng.normal(size=(5, 4)), rng.normal(size=(5, 2))),
               check=causal_weights)
    yield Case("zero_queries", Call("causal_attention", np.zeros((2, 6, 3)), rng.normal(size=(2, 6, 3)),
                                    rng.normal(size=(2, 6, 2))), check=zero_queries_average_the_past)

    Q, K, V = rng.normal(size=(2, 8, 4)), rng.normal(size=(2, 8, 4)), rng.normal(size=(2, 8, 3))
    Q2, K2, V2 = Q.copy(), K.copy(), V.copy()
    for a in (Q2, K2, V2):
        a[:, CHANGED_FROM:] = rng.normal(scale=5.0, size=a[:, CHANGED_FROM:].shape)
    yield Case("changing_the_future_leaves_the_past", Call("causal_attention", Q, K, V),
               Call("causal_attention", Q2, K2, V2), check=future_does_not_leak)
    # a key far more attractive than the others, placed last: only the last query may use it
    Q = np.ones((5, 2))
    K = np.zeros((5, 2))
    K[-1] = 50.0
    V = np.eye(5)[:, :5]
    yield Case("attractive_last_key_is_invisible_before_it", Call("causal_attention", Q, K, V), check=causal_weights)
