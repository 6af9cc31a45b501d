"""Hidden cases for kv-cache: single steps on empty and filled caches, and T steps vs full causal MHA, large
scores of both signs, return types.

The grader also checks, on every call, that x_t, xs and params are unchanged (attend_step may update the
cache dict it is given: its calls declare it) and that types are exact.
"""
import numpy as np

from grader.protocol import Call, Case, Failure


def _step(*args):
    """attend_step(x_t, cache, params): the contract lets it update the cache dict (argument 1) in place."""
    return Call("attend_step", *args, mutates=(1,))


def step_types(ctx):
    (out,) = ctx.outputs
    if type(out) is not tuple or len(out) != 2:
        raise Failure(f"attend_step should return a tuple (y_t, cache), got a {type(out).__name__}")
    if type(out[1]) is not dict:
        raise Failure(f"the returned cache should be a plain dict, got a {type(out[1]).__name__}")


def _params(rng, H, D, Dh, scale=1.0):
    s = scale / np.sqrt(D)
    return {"W_Q": s * rng.normal(size=(H, D, Dh)), "W_K": s * rng.normal(size=(H, D, Dh)),
            "W_V": rng.normal(size=(H, D, Dh)) / np.sqrt(D), "W_O": rng.normal(size=(H, Dh, D)) / np.sqrt(Dh),
            "b_O": rng.normal(size=D)}


def _empty(H, Dh):
    return {"k": np.zeros((H, 0, Dh)), "v": np.zeros((H, 0, Dh))}


def _full_causal_mha(xs, p):
    """Full causal multi-head attention over the whole sequence, the thing the cache must reproduce."""
    q, k, v = (np.einsum("td,hde->hte", xs, p[n]) for n in ("W_Q", "W_K", "W_V"))
    T = xs.shape[0]
    s = q @ np.swapaxes(k, -1, -2) / np.sqrt(p["W_Q"].shape[-1])
    s = np.where(np.tril(np.ones((T, T), dtype=bool)), s, -np.inf)
    w = np.exp(s - s.max(-1, keepdims=True))
    w /= w.sum(-1, keepdims=True)
    return np.einsum("hte,hed->td", w @ v, p["W_O"]) + p["b_O"]


def equals_full_causal_mha(ctx):
    (out,) = ctx.outputs
    if type(out) is not tuple or len(out) != 2:
        raise Failure(f"run_steps should return a tuple (ys, cache), got a {type(out).__name__}")
    ys, cache = out
    xs, p = ctx.calls[0].args
    ctx.assert_close(ys, _full_causal_mha(xs, p), "the T step outputs vs the rows of full causal attention")
    if not isinstance(cache, dict) or set(cache) != {"k", "v"}:
        raise Failure("the returned cache must be a dict with exactly the keys 'k' and 'v'")
    ctx.assert_close(cache["k"], np.einsum("td,hde->hte", xs, p["W_K"]), "final cache['k'] vs the keys of all tokens")
    ctx.assert_close(cache["v"], np.einsum("td,hde->hte", xs, p["W_V"]), "final cache['v'] vs the values of all tokens")


def cases():
    rng = np.random.default_rng(20261211)
    for H, D, Dh in [(2, 8, 4), (1, 6, 6), (4, 8, 2)]:
        p = _params(rng, H, D, Dh)
        yield Case(f"first_step_empty_cache_H{H}_D{D}_Dh{Dh}", _step(rng.normal(size=D), _empty(H, Dh), p),
                   check=step_types)

    H, D, Dh, t = 3, 12, 4, 5
    p = _params(rng, H, D, Dh)
    prefix = rng.normal(size=(t, D))
    cache = {"k": np.einsum("td,hde->hte", prefix, p["W_K"]), "v": np.einsum("td,hde->hte", prefix, p["W_V"])}
    yield Case("step_after_five_cached_tokens", _step(rng.normal(size=D), cache, p), check=step_types)
    arbitrary = {"k": rng.normal(size=(H, 3, Dh)), "v": rng.normal(size=(H, 3, Dh))}
    yield Case("step_reads_the_cache_it_is_given", _step(rng.normal(size=D), arbitrary, p))

    for T, H, D, Dh in [(6, 2, 8, 4), (9, 3, 6, 2), (1, 2, 4, 2)]:
        p = _params(rng, H, D, Dh)
        xs = rng.normal(size=(T, D))
        yield Case(f"run_{T}_steps_equals_causal_mha_H{H}", Call("run_steps", xs, p), check=equals_full_causal_mha)
    p = _params(rng, 2, 8, 4, scale=30.0)
    yield Case("run_steps_large_scores", Call("run_steps", rng.normal(size=(5, 8)), p), check=equals_full_causal_mha)
    # every score near -1800: exp alone underflows to 0 / 0
    W = np.stack([30.0 * np.eye(4)] * 2)
    p = {"W_Q": W, "W_K": -W, "W_V": rng.normal(size=(2, 4, 4)), "W_O": rng.normal(size=(2, 4, 4)), "b_O": rng.normal(size=4)}
    xs = 1.0 + 0.05 * rng.normal(size=(5, 4))
    yield Case("run_steps_large_negative_scores", Call("run_steps", xs, p), check=equals_full_causal_mha)
    cache = {"k": np.einsum("td,hde->hte", xs[:3], p["W_K"]), "v": np.einsum("td,hde->hte", xs[:3], p["W_V"])}
    yield Case("step_large_negative_scores", _step(xs[3], cache, p), check=step_types)
