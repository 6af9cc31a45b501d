"""Hidden cases for mha: random shapes and head counts, causal or not (and left out), H = 1, sum over heads,
causality, zero queries, large scores of both signs.

The grader also checks, on every call, that the arguments are unchanged and the output is float64.
"""
import numpy as np

from grader.protocol import Call, Case


def _params(rng, H, D, Dh, scale=1.0):
    s = scale / np.sqrt(D)
    return (s * rng.normal(size=(H, D, Dh)), s * rng.normal(size=(H, D, Dh)), rng.normal(size=(H, D, Dh)) / np.sqrt(D),
            rng.normal(size=(H, Dh, D)) / np.sqrt(Dh), rng.normal(size=D))


def single_head_formula(ctx):
    (out,) = ctx.outputs
    x, W_Q, W_K, W_V, W_O, b_O = ctx.calls[0].args
    q, k, v = x @ W_Q[0], x @ W_K[0], x @ W_V[0]  # H = 1: plain attention
    s = q @ np.swapaxes(k, -1, -2) / np.sqrt(W_Q.shape[-1])
    w = np.exp(s - s.max(-1, keepdims=True))
    w /= w.sum(-1, keepdims=True)
    ctx.assert_close(out, w @ v @ W_O[0] + b_O, "H = 1 should be softmax(q k^T / sqrt(Dh)) v W_O + b_O")


def sum_of_heads(ctx):
    full, *per_head = ctx.outputs
    b_O = ctx.calls[0].args[5]
    ctx.assert_close(full, sum(per_head) + b_O, "all heads at once vs the sum of each head alone (b_O = 0) plus b_O")


def zero_queries_average_the_past(ctx):
    """W_Q = 0: every score is 0, so each head takes the running mean of its values over positions 0..i."""
    (out,) = ctx.outputs
    x, _, _, W_V, W_O, b_O = ctx.calls[0].args
    T = x.shape[-2]
    mean = np.tril(np.ones((T, T))) / np.arange(1, T + 1)[:, None]  # (T, T)
    v = np.einsum("...td,hde->...hte", x, W_V)
    ctx.assert_close(out, np.einsum("...hte,hed->...td", mean @ v, W_O) + b_O,
                     "with W_Q = 0 each head should average its values over positions 0..i")


def past_unchanged(ctx):
    out, out2 = ctx.outputs
    ctx.assert_close(out2[..., :5, :], out[..., :5, :], "causal outputs at t < 5 after changing x at t >= 5")


def cases():
    rng = np.random.default_rng(20261208)
    for lead, T, D, H, Dh, causal in [((2,), 5, 8, 2, 4, False), ((3,), 7, 12, 3, 4, True), ((), 6, 8, 4, 2, True),
                                      ((2,), 4, 6, 2, 5, False), ((1, 2), 3, 4, 2, 2, True)]:
        x = rng.normal(size=(*lead, T, D))
        name = f"random_{'x'.join(map(str, (*lead, T, D)))}_H{H}_Dh{Dh}_{'causal' if causal else 'full'}"
        yield Case(name, Call("multi_head_attention", x, *_params(rng, H, D, Dh), causal=causal))

    x = rng.normal(size=(2, 6, 8))
    yield Case("one_head_is_plain_attention", Call("multi_head_attention", x, *_params(rng, 1, 8, 8)),
               check=single_head_formula)

    W_Q, W_K, W_V, W_O, b_O = _params(rng, 3, 8, 4)
    heads = [Call("multi_head_attention", x, W_Q[h:h + 1], W_K[h:h + 1], W_V[h:h + 1], W_O[h:h + 1], np.zeros(8),
                  causal=True) for h in range(3)]
    yield Case("output_is_the_sum_over_heads", Call("multi_head_attention", x, W_Q, W_K, W_V, W_O, b_O, causal=True),
               *heads, check=sum_of_heads)

    x2 = x.copy()
    x2[:, 5:] = rng.normal(scale=3.0, size=x2[:, 5:].shape)
    params = _params(rng, 2, 8, 4)
    yield Case("causal_future_does_not_leak", Call("multi_head_attention", x, *params, causal=True),
               Call("multi_head_attention", x2, *params, causal=True), check=past_unchanged)

    yield Case("large_scores", Call("multi_head_attention", rng.normal(size=(2, 5, 8)), *_params(rng, 2, 8, 4, scale=30.0),
                                    causal=True))
    # every score near -1800: exp alone underflows to 0 / 0
    x = 1.0 + 0.05 * rng.normal(size=(2, 5, 4))
    W = np.stack([30.0 * np.eye(4)] * 2)
    yield Case("large_negative_scores", Call("multi_head_attention", x, W, -W, rng.normal(size=(2, 4, 4)),
                                             rng.normal(size=(2, 4, 4)), rng.normal(size=4), causal=False))
    x = rng.normal(size=(2, 6, 8))
    _, W_K, W_V, W_O, b_O = _params(rng, 3, 8, 4)
    yield Case("zero_queries_causal", Call("multi_head_attention", x, np.zeros((3, 8, 4)), W_K, W_V, W_O, b_O, causal=True),
               check=zero_queries_average_the_past)
    yield Case("default_is_not_causal_H3", Call("multi_head_attention", x, *_params(rng, 3, 8, 4)))
    yield Case("length_one", Call("multi_head_attention", rng.normal(size=(3, 1, 4)), *_params(rng, 2, 4, 2), causal=True))
