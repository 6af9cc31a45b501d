"""Hidden cases for logit-diff: random stacks, full decompositions that sum to the logit difference."""
import numpy as np

from grader.protocol import Call, Case, Failure


def sums_to_logit_diff(ctx):
    (out,) = ctx.outputs
    stack, ln_scale, directions = ctx.calls[0].args
    out = np.asarray(out)
    if out.shape != stack.shape[:1]:
        raise Failure(f"expected one value per component, shape {stack.shape[:1]}, got {out.shape}")
    x = stack.sum(0)  # (B, D): the full residual stream
    normed = (x - x.mean(-1, keepdims=True)) / ln_scale  # the final LayerNorm with its cached scale
    want = float((normed * directions).sum(-1).mean())
    ctx.assert_close(float(out.sum()), want, "sum over components vs the mean logit difference")


def decomposition(rng, K, B, D, V, eps=1e-5):
    """Components of a residual stream, its real LN scale, and W_U[:, correct] - W_U[:, wrong]."""
    stack = rng.normal(size=(K, B, D))
    x = stack.sum(0)
    ln_scale = np.sqrt(x.var(-1, keepdims=True) + eps)  # (B, 1)
    W_U = rng.normal(size=(D, V))
    correct, wrong = rng.integers(0, V, size=B), rng.integers(0, V, size=B)
    return stack, ln_scale, (W_U[:, correct] - W_U[:, wrong]).T  # (B, D)


def cases():
    rng = np.random.default_rng(43)
    for K, B, D, V in [(3, 2, 5, 10), (13, 8, 16, 30), (25, 4, 12, 50), (2, 1, 3, 4)]:
        yield Case(f"decomposition_K{K}_B{B}_D{D}", Call("residual_stack_to_logit_diff", *decomposition(rng, K, B, D, V)),
                   check=sums_to_logit_diff)
    yield Case("single_component", Call("residual_stack_to_logit_diff", *decomposition(rng, 1, 3, 6, 8)), check=sums_to_logit_diff)
    # an arbitrary cached scale (the stack need not be the whole residual stream)
    yield Case("given_scale", Call("residual_stack_to_logit_diff", rng.normal(size=(4, 3, 5)), rng.uniform(0.5, 3.0, size=(3, 1)),
                                   rng.normal(size=(3, 5))), check=sums_to_logit_diff)
    stack, ln_scale, directions = decomposition(rng, 5, 4, 6, 9)
    stack[2] = 7.0  # a component constant over D: LayerNorm's centring removes it entirely
    yield Case("constant_component", Call("residual_stack_to_logit_diff", stack, ln_scale, directions), check=sums_to_logit_diff)
