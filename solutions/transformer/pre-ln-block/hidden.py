"""Hidden cases for pre-ln-block: random shapes and head counts, identity, causality, non-causal mode.

Every case checks that each output is an np.ndarray with x's shape and dtype; the grader itself checks, after
every call, that x and params were not modified in place.
"""
import numpy as np

from grader.protocol import Call, Case, Failure


def like_x(ctx):
    for call, out in zip(ctx.calls, ctx.outputs):
        x = call.args[0]
        if type(out) is not np.ndarray:
            raise Failure(f"block should return an np.ndarray, got a {type(out).__name__}")
        if out.shape != x.shape or out.dtype != x.dtype:
            raise Failure(f"block should return an array of x's shape {x.shape} and dtype {x.dtype}, "
                          f"got shape {out.shape} and dtype {out.dtype}")


def make_params(rng, D, H, M, zero_out=False):
    Dh = D // H
    p = {
        "ln1_w": 1.0 + 0.2 * rng.normal(size=D), "ln1_b": 0.2 * rng.normal(size=D),
        "W_Q": rng.normal(scale=D**-0.5, size=(H, D, Dh)), "W_K": rng.normal(scale=D**-0.5, size=(H, D, Dh)),
        "W_V": rng.normal(scale=D**-0.5, size=(H, D, Dh)), "W_O": rng.normal(scale=Dh**-0.5, size=(H, Dh, D)),
        "b_O": 0.1 * rng.normal(size=D),
        "ln2_w": 1.0 + 0.2 * rng.normal(size=D), "ln2_b": 0.2 * rng.normal(size=D),
        "W_in": rng.normal(scale=D**-0.5, size=(D, M)), "b_in": 0.1 * rng.normal(size=M),
        "W_out": rng.normal(scale=M**-0.5, size=(M, D)), "b_out": 0.1 * rng.normal(size=D),
    }
    if zero_out:
        for key in ("W_O", "b_O", "W_out", "b_out"):
            p[key] = np.zeros_like(p[key])
    return p


def is_identity(ctx):
    like_x(ctx)
    (out,) = ctx.outputs
    ctx.assert_close(out, ctx.calls[0].args[0], "block output with zero output weights vs its input")


def earlier_outputs_ignore_the_future(ctx):
    like_x(ctx)
    a, b = ctx.outputs
    x1, x2 = ctx.calls[0].args[0], ctx.calls[1].args[0]
    changed = np.flatnonzero(np.any(x1 != x2, axis=(0, 2)))
    first = int(changed[0])
    ctx.assert_close(b[:, :first], a[:, :first], f"outputs before position {first} after changing positions >= {first}")
    if np.allclose(a[:, first:], b[:, first:]):
        raise Failure("changing the later tokens did not change the later outputs")


def cases():
    rng = np.random.default_rng(15)
    for B, T, D, H, M in [(2, 5, 8, 2, 32), (1, 7, 6, 3, 24), (3, 4, 4, 1, 16), (2, 6, 12, 4, 20)]:
        x = rng.normal(size=(B, T, D))
        yield Case(f"random_B{B}_T{T}_D{D}_H{H}", Call("block", x, make_params(rng, D, H, M)), check=like_x)
    x = rng.normal(size=(2, 5, 8))
    yield Case("non_causal", Call("block", x, make_params(rng, 8, 2, 16), causal=False), check=like_x)
    yield Case("length_one", Call("block", rng.normal(size=(2, 1, 6)), make_params(rng, 6, 2, 12)), check=like_x)
    x = rng.normal(size=(2, 6, 8))
    yield Case("zero_output_weights_give_identity", Call("block", x, make_params(rng, 8, 2, 32, zero_out=True)),
               check=is_identity)
    p = make_params(rng, 8, 4, 32)
    x1 = rng.normal(size=(2, 7, 8))
    x2 = x1.copy()
    x2[:, 4:] = rng.normal(size=(2, 3, 8))
    yield Case("causal_ignores_future", Call("block", x1, p), Call("block", x2, p), check=earlier_outputs_ignore_the_future)
    # a large residual stream: layer norm keeps the sub-blocks' inputs tame, the output keeps x's scale
    x = 50.0 * rng.normal(size=(1, 5, 6)) + 20.0
    yield Case("large_residual", Call("block", x, make_params(rng, 6, 3, 12)), check=like_x)
    # every token's entries almost equal (variance ~1e-6): eps = 1e-5 inside the square root decides the scale
    x = 0.3 + 1e-3 * rng.normal(size=(2, 4, 6))
    yield Case("near_constant_tokens", Call("block", x, make_params(rng, 6, 2, 12)),
               Call("block", x, make_params(rng, 6, 1, 12), causal=True), check=like_x)
    # causal=True passed explicitly, one head, one sequence
    yield Case("one_head_causal_explicit", Call("block", rng.normal(size=(1, 5, 4)), make_params(rng, 4, 1, 8), causal=True),
               check=like_x)
