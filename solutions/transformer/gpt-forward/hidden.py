"""Hidden cases for gpt-forward: random models and batches, L=0, T=1, T=n_ctx, T>n_ctx raises, causality.

Every returning case checks that the logits are a float64 np.ndarray of shape (B, T, V); the grader itself
checks, after every call, that tokens and params were not modified in place.
"""
import numpy as np

from grader.protocol import Call, Case, Failure


def logits_shape(ctx):
    for call, out in zip(ctx.calls, ctx.outputs):
        tokens, params = call.args
        want = (*tokens.shape, params["W_E"].shape[0])
        if type(out) is not np.ndarray:
            raise Failure(f"gpt_forward should return an np.ndarray of logits, got a {type(out).__name__}")
        if out.shape != want or out.dtype != np.float64:
            raise Failure(f"the logits should have shape (B, T, V) = {want} and dtype float64, "
                          f"got shape {out.shape} and dtype {out.dtype}")


def block_params(rng, D, H, M):
    Dh = D // H
    return {
        "ln1_w": 1.0 + 0.2 * rng.normal(size=D), "ln1_b": 0.2 * rng.normal(size=D),
        "W_Q": rng.normal(scale=D**-0.5, size=(H, D, Dh)), "W_K": rng.normal(scale=D**-0.5, size=(H, D, Dh)),
        "W_V": rng.normal(scale=D**-0.5, size=(H, D, Dh)), "W_O": rng.normal(scale=Dh**-0.5, size=(H, Dh, D)),
        "b_O": 0.1 * rng.normal(size=D),
        "ln2_w": 1.0 + 0.2 * rng.normal(size=D), "ln2_b": 0.2 * rng.normal(size=D),
        "W_in": rng.normal(scale=D**-0.5, size=(D, M)), "b_in": 0.1 * rng.normal(size=M),
        "W_out": rng.normal(scale=M**-0.5, size=(M, D)), "b_out": 0.1 * rng.normal(size=D),
    }


def model(rng, V, n_ctx, D, H, L, M):
    return {"W_E": rng.normal(size=(V, D)), "W_pos": 0.5 * rng.normal(size=(n_ctx, D)),
            "blocks": [block_params(rng, D, H, M) for _ in range(L)],
            "ln_f_w": 1.0 + 0.2 * rng.normal(size=D), "ln_f_b": 0.2 * rng.normal(size=D)}


def causal(ctx):
    logits_shape(ctx)
    a, b = ctx.outputs
    ctx.assert_close(b[:, :3], a[:, :3], "logits at positions 0..2 after changing tokens at positions >= 3")


def cases():
    rng = np.random.default_rng(16)
    for B, T, V, n_ctx, D, H, L in [(2, 5, 11, 8, 8, 2, 2), (1, 6, 7, 6, 6, 3, 1), (3, 4, 13, 10, 4, 1, 3)]:
        tokens = rng.integers(0, V, size=(B, T))
        yield Case(f"random_B{B}_T{T}_V{V}_L{L}", Call("gpt_forward", tokens, model(rng, V, n_ctx, D, H, L, 4 * D)),
                   check=logits_shape)
    yield Case("no_blocks", Call("gpt_forward", rng.integers(0, 9, size=(2, 4)), model(rng, 9, 6, 6, 2, 0, 12)),
               check=logits_shape)
    yield Case("length_one", Call("gpt_forward", rng.integers(0, 9, size=(3, 1)), model(rng, 9, 4, 6, 2, 2, 12)),
               check=logits_shape)
    yield Case("full_context", Call("gpt_forward", rng.integers(0, 9, size=(2, 5)), model(rng, 9, 5, 6, 3, 1, 12)),
               check=logits_shape)
    yield Case("too_long_raises", Call("gpt_forward", rng.integers(0, 9, size=(1, 6)), model(rng, 9, 5, 6, 3, 1, 12)))
    yield Case("far_too_long_raises", Call("gpt_forward", rng.integers(0, 9, size=(2, 10)), model(rng, 9, 5, 6, 3, 1, 12)))
    # n_ctx = 1: W_pos[:T] has one row and broadcasts, so only an explicit length check refuses T = 2
    p1 = model(rng, 7, 1, 4, 2, 1, 8)
    yield Case("context_of_one", Call("gpt_forward", rng.integers(0, 7, size=(2, 1)), p1), check=logits_shape)
    yield Case("context_of_one_too_long_raises", Call("gpt_forward", rng.integers(0, 7, size=(2, 2)), p1))
    # the same token at every position: only the positional embeddings tell the positions apart
    yield Case("repeated_token", Call("gpt_forward", np.full((1, 6), 3), model(rng, 9, 8, 8, 2, 1, 16)),
               check=logits_shape)
    p = model(rng, 10, 8, 8, 2, 2, 16)
    t1 = rng.integers(0, 10, size=(2, 7))
    t2 = t1.copy()
    t2[:, 3:] = (t2[:, 3:] + 1 + rng.integers(0, 8, size=(2, 4))) % 10
    yield Case("causal", Call("gpt_forward", t1, p), Call("gpt_forward", t2, p), check=causal)
