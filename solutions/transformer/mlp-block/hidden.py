"""Hidden cases for mlp-block: random shapes, batched input, per-token property, GELU details."""
import numpy as np

from grader.protocol import Call, Case, Failure


def params(rng, D, M, scale=1.0):
    return (rng.normal(scale=scale / np.sqrt(D), size=(D, M)), rng.normal(scale=0.1, size=M),
            rng.normal(scale=scale / np.sqrt(M), size=(M, D)), rng.normal(scale=0.1, size=D))


def permuting_tokens_permutes_outputs(ctx):
    plain, permuted = ctx.outputs
    x0, xp = ctx.calls[0].args[0], ctx.calls[1].args[0]
    # recover the permutation from the inputs (rows are distinct random vectors)
    perm = np.array([int(np.argmin(np.abs(x0 - row).sum(-1))) for row in xp])
    ctx.assert_close(permuted, plain[perm], "mlp(x[perm]) vs mlp(x)[perm]")


def single_token_matches_row(ctx):
    full, one = ctx.outputs
    ctx.assert_close(one[0], full[3], "mlp of token 3 alone vs row 3 of the full output")


def cases():
    rng = np.random.default_rng(14)
    for T, D, M in [(5, 4, 16), (1, 3, 12), (7, 8, 32)]:
        x = rng.normal(size=(T, D))
        yield Case(f"random_T{T}_D{D}_M{M}", Call("mlp", x, *params(rng, D, M)))
    x = rng.normal(size=(2, 3, 6, 4))
    yield Case("batched_2x3x6x4", Call("mlp", x, *params(rng, 4, 10)))
    # large pre-activations: the tanh form and the erf form differ most around |h| ~ 2-3
    x = rng.normal(scale=3.0, size=(6, 5))
    yield Case("large_preactivations", Call("mlp", x, *params(rng, 5, 20, scale=2.0)))
    yield Case("zero_input_gives_gelu_of_bias", Call("mlp", np.zeros((3, 4)), *params(rng, 4, 8)))
    x = rng.normal(size=(8, 6))
    p = params(rng, 6, 24)
    perm = rng.permutation(8)
    yield Case("permuting_tokens_permutes_outputs", Call("mlp", x, *p), Call("mlp", x[perm], *p),
               check=permuting_tokens_permutes_outputs)
    x = rng.normal(size=(6, 5))
    p = params(rng, 5, 12)
    yield Case("acts_per_token", Call("mlp", x, *p), Call("mlp", x[3:4], *p), check=single_token_matches_row)
