"""Hidden cases for direct-logit-attribution: random caches, the row sums are the correct-token logits."""
import numpy as np

from grader.protocol import Call, Case, Failure


def sums_to_correct_logit(ctx):
    (out,) = ctx.outputs
    embed, l1, l2, W_U, tokens = ctx.calls[0].args
    T, H = l1.shape[:2]
    out = np.asarray(out)
    if out.shape != (T - 1, 1 + 2 * H):
        raise Failure(f"expected shape (T-1, 1 + 2H) = {(T - 1, 1 + 2 * H)}, got {out.shape}")
    resid = embed + l1.sum(1) + l2.sum(1)  # (T, D): the final residual stream of an attention-only model
    logits = resid @ W_U  # (T, V)
    correct = logits[np.arange(T - 1), tokens[1:]]  # position t predicts token t+1
    ctx.assert_close(out.sum(-1), correct, "sum over components vs the logit of the correct next token")


def cache(rng, T, H, D, V):
    return (rng.normal(size=(T, D)), rng.normal(size=(T, H, D)), rng.normal(size=(T, H, D)),
            rng.normal(size=(D, V)) / np.sqrt(D), rng.integers(0, V, size=T))


def cases():
    rng = np.random.default_rng(42)
    for T, H, D, V in [(5, 2, 4, 7), (10, 4, 8, 20), (6, 1, 3, 5), (16, 3, 12, 50)]:
        yield Case(f"random_T{T}_H{H}_D{D}_V{V}", Call("logit_attribution", *cache(rng, T, H, D, V)), check=sums_to_correct_logit)
    yield Case("two_positions", Call("logit_attribution", *cache(rng, 2, 2, 4, 6)), check=sums_to_correct_logit)
    embed, l1, l2, W_U, _ = cache(rng, 7, 3, 5, 9)
    yield Case("repeated_token", Call("logit_attribution", embed, l1, l2, W_U, np.full(7, 4)), check=sums_to_correct_logit)
    yield Case("one_token_vocabulary", Call("logit_attribution", *cache(rng, 4, 2, 3, 1)), check=sums_to_correct_logit)
    embed, l1, l2, W_U, tokens = cache(rng, 6, 2, 4, 8)
    l2[:, 1] = 0.0  # a head that writes nothing attributes nothing
    yield Case("silent_head", Call("logit_attribution", embed, l1, l2, W_U, tokens), check=sums_to_correct_logit)
