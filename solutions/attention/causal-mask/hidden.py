"""Hidden cases for causal-mask: random shapes (T != d), T = 1, large scores, causal properties."""
import numpy as np

from grader.protocol import Call, Case, Failure


def causal_weights(ctx):
    for out, w in ctx.outputs:
        if not (np.isfinite(out).all() and np.isfinite(w).all()):
            raise Failure("the output or the weights contain nan or inf")
        T = w.shape[-1]
        future = ~np.tril(np.ones((T, T), dtype=bool))
        if np.abs(w[..., future]).max(initial=0.0) > 0.0:
            raise Failure("a position gives non-zero weight to a later position")
        ctx.assert_close(w.sum(-1), np.ones(w.shape[:-1]), "weights summed over the keys")
        ctx.assert_close(w[..., 0, 0], np.ones(w.shape[:-2]), "weight of position 0 on itself")


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
