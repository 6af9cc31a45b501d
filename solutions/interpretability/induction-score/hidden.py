"""Hidden cases for induction-score: exact random tokens, stripe means, planted heads, bad lengths."""
import numpy as np

from grader.protocol import Call, Case, Failure


def causal_pattern(rng, H, T):
    scores = np.where(np.tril(np.ones((T, T), dtype=bool)), rng.normal(scale=2.0, size=(H, T, T)), -np.inf)
    e = np.exp(scores - scores.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def is_repeated(ctx):
    (tokens,) = ctx.outputs
    call = ctx.calls[0]
    V, L, B, bos = call.args[:4]
    if type(tokens) is not np.ndarray or tokens.dtype != np.int64:
        got = f"dtype {tokens.dtype}" if isinstance(tokens, np.ndarray) else type(tokens).__name__
        raise Failure(f"return an np.ndarray of dtype int64, got {got}")
    if tokens.shape != (B, 1 + 2 * L):
        raise Failure(f"tokens have shape {tokens.shape}, expected (B, 1 + 2L) = {(B, 1 + 2 * L)}")
    if not np.all(tokens[:, 0] == bos):
        raise Failure("column 0 must be the bos token in every row")
    if not np.array_equal(tokens[:, 1:L + 1], tokens[:, L + 1:]):
        raise Failure("the second half of each row must repeat the first half")
    if tokens[:, 1:].min() < 0 or tokens[:, 1:].max() >= V:
        raise Failure("random tokens must lie in 0..V-1")


def perfect_head_scores_one(ctx):
    (scores,) = ctx.outputs
    if not np.isclose(scores[0], 1.0):
        raise Failure(f"a perfect induction head (head 0) should score 1, got {float(scores[0]):.4f}")


def cases():
    for V, L, B, bos, seed in [(10, 4, 2, 0, 0), (50_000, 20, 3, 50_000, 1), (7, 1, 1, 3, 2), (100, 9, 5, 99, 3),
                               (1, 3, 2, 1, 4)]:
        yield Case(f"tokens_V{V}_L{L}_B{B}", Call("repeated_tokens", V, L, B, bos, seed), check=is_repeated)
    rng = np.random.default_rng(36)
    for H, L in [(1, 4), (3, 6), (4, 10)]:
        yield Case(f"score_random_H{H}_L{L}", Call("induction_score", causal_pattern(rng, H, 2 * L + 1), L))
    L = 5
    T = 2 * L + 1
    planted = causal_pattern(rng, 3, T)
    planted[0] = 0.0
    for q in range(T):  # attend to the token after the previous copy, or to bos when there is none
        planted[0, q, max(q - L + 1, 0)] = 1.0
    planted[1] = np.eye(T, k=-1)  # a previous-token head is not an induction head
    yield Case("planted_induction_head", Call("induction_score", planted, L), check=perfect_head_scores_one)
    yield Case("L_is_one", Call("induction_score", causal_pattern(rng, 2, 3), 1))
    yield Case("wrong_length_raises", Call("induction_score", causal_pattern(rng, 2, 8), 4))  # T = 2L: too short
    yield Case("too_long_raises", Call("induction_score", causal_pattern(rng, 2, 10), 4))  # T = 2L + 2
    yield Case("L_is_one_too_long_raises", Call("induction_score", causal_pattern(rng, 1, 4), 1))
    # Rows need not be normalised: the stripe is averaged as given.
    yield Case("rows_not_normalised", Call("induction_score", rng.uniform(0.0, 3.0, size=(3, 9, 9)), 4))
