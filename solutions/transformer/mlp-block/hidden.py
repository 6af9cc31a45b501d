"""Hidden cases for mlp-block: random shapes, batched input, per-token property, GELU details.

Every case checks that each output is an np.ndarray with x's shape and dtype; the grader itself checks, after
every call, that x and the weights were not modified in place.
"""
import numpy as np

from grader.protocol import Call, Case, Failure


def like_x(ctx):
    for call, out in zip(ctx.calls, ctx.outputs):
        x = call.args[0]
        if type(out) is not np.ndarray:
            raise Failure(f"mlp should return an np.ndarray, got a {type(out).__name__}")
        if out.shape != x.shape or out.dtype != x.dtype:
            raise Failure(f"mlp should return an array of x's shape {x.shape} and dtype {x.dtype}, "
                          f"got shape {out.shape} and dtype {out.dtype}")


def _all(*checks):
    def check(ctx):
        for c in checks:
            c(ctx)
    return check


def params(rng, D, M, scale=1.0):
    return (rng.normal(scale=scale / np.sqrt(D), size=(D, M)), rng.normal(scale=0.1, size=M),
            rng.normal(scale=scale / np.sqrt(M), size=(M, D)), rng.normal(scale=0.1, size=D))


def permuting_tokens_permutes_outputs(ctx):
    like_x(ctx)
    plain, permuted = ctx.outputs
    x0, xp = ctx.calls[0].args[0], ctx.calls[1].args[0]
    # recover the permutation from the inputs (rows are distinct random vectors)
    perm = np.array([int(np.argmin(np.abs(x0 - row).sum(-1))) for row in xp])
    ctx.assert_close(permuted, plain[perm], "mlp(x[perm]) vs mlp(x)[perm]")


def single_token_matches_row(ctx):
    like_x(ctx)
    full, one = ctx.outputs
    ctx.assert_close(one[0], full[3], "mlp of token 3 alone vs row 3 of the full output")


def cases():
    rng = np.random.default_rng(14)
    for T, D, M in [(5, 4, 16), (1, 3, 12), (7, 8, 32)]:
        x = rng.normal(size=(T, D))
        yield Case(f"random_T{T}_D{D}_M{M}", Call("mlp", x, *params(rng, D, M)), check=like_x)
    x = rng.normal(size=(2, 3, 6, 4))
    yield Case("batched_2x3x6x4", Call("mlp", x, *params(rng, 4, 10)), check=like_x)
    # large pre-activations: the tanh form and the erf form differ most around |h| ~ 2-3
    x = rng.normal(scale=3.0, size=(6, 5))
    yield Case("large_preactivations", Call("mlp", x, *params(rng, 5, 20, scale=2.0)), check=like_x)
    yield Case("zero_input_gives_gelu_of_bias", Call("mlp", np.zeros((3, 4)), *params(rng, 4, 8)), check=like_x)
    yield Case("batch_of_one_token", Call("mlp", rng.normal(size=(3, 1, 6)), *params(rng, 6, 24)), check=like_x)
    x = rng.normal(size=(8, 6))
    p = params(rng, 6, 24)
    perm = rng.permutation(8)
    yield Case("permuting_tokens_permutes_outputs", Call("mlp", x, *p), Call("mlp", x[perm], *p),
               check=permuting_tokens_permutes_outputs)
    x = rng.normal(size=(6, 5))
    p = params(rng, 5, 12)
    yield Case("acts_per_token", Call("mlp", x, *p), Call("mlp", x[3:4], *p), check=single_token_matches_row)
