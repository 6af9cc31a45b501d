"""Hidden cases for head-detectors: random causal patterns, hand-built heads, properties."""
import numpy as np

from grader.protocol import Call, Case, Failure


def causal_pattern(rng, H, T, sharpness=2.0):
    """Random attention patterns: causal softmax rows, pattern[h, q, k]."""
    scores = rng.normal(scale=sharpness, size=(H, T, T))
    scores = np.where(np.tril(np.ones((T, T), dtype=bool)), scores, -np.inf)
    e = np.exp(scores - scores.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def three_scores(ctx):
    (out,) = ctx.outputs
    if type(out) is not tuple or len(out) != 3:
        raise Failure(f"return a tuple (prev, current, first), not a {type(out).__name__}")
    H = np.asarray(ctx.calls[0].args[0]).shape[0]
    for name, s in zip(("prev", "current", "first"), out):
        if type(s) is not np.ndarray or s.shape != (H,) or s.dtype.kind != "f":
            raise Failure(f"{name} must be a float np.ndarray of shape (H,) = ({H},)")


def scores_in_unit_interval(ctx):
    three_scores(ctx)
    for name, s in zip(("previous-token", "current-token", "first-token"), ctx.outputs[0]):
        if np.any(s < -1e-12) or np.any(s > 1 + 1e-12):
            raise Failure(f"a {name} score lies outside [0, 1]: each is a mean of attention weights")


def detects_planted_heads(ctx):
    three_scores(ctx)
    prev, current, first = ctx.outputs[0]
    if not (np.isclose(prev[0], 1.0) and np.isclose(current[1], 1.0) and np.isclose(first[2], 1.0)):
        raise Failure("a perfect previous-token / current-token / first-token head (heads 0, 1, 2) "
                      "should score exactly 1 on its own detector")


def cases():
    rng = np.random.default_rng(35)
    for H, T in [(1, 5), (3, 7), (4, 12), (2, 2)]:
        yield Case(f"random_H{H}_T{T}", Call("head_scores", causal_pattern(rng, H, T)), check=scores_in_unit_interval)
    T = 9
    planted = np.zeros((4, T, T))
    planted[0, 0, 0] = 1.0
    planted[0, np.arange(1, T), np.arange(T - 1)] = 1.0  # previous-token head
    planted[1, np.arange(T), np.arange(T)] = 1.0  # current-token head
    planted[2, :, 0] = 1.0  # first-token (attention sink) head
    planted[3] = causal_pattern(rng, 1, T)[0]
    yield Case("planted_heads", Call("head_scores", planted), check=detects_planted_heads)
    uniform = np.tril(np.ones((6, 6)))
    yield Case("uniform_causal", Call("head_scores", (uniform / uniform.sum(-1, keepdims=True))[None].repeat(2, 0)),
               check=three_scores)
    yield Case("heads_differ", Call("head_scores", causal_pattern(rng, 5, 6, sharpness=6.0)), check=three_scores)
    # Patterns need not be causal: a bidirectional head may look at later keys too.
    yield Case("non_causal", Call("head_scores", rng.dirichlet(np.ones(8), size=(3, 8))), check=three_scores)
    # Rows need not sum to 1 (a head's pattern after some heads were ablated, or a slice of it):
    # the scores average the entries as given.
    yield Case("rows_not_normalised", Call("head_scores", rng.uniform(0.0, 1.0, size=(3, 7, 7))), check=scores_in_unit_interval)
    causal = causal_pattern(rng, 2, 6) * rng.uniform(0.2, 1.0, size=(2, 6, 1))  # causal rows summing to less than 1
    yield Case("causal_rows_summing_below_one", Call("head_scores", causal), check=scores_in_unit_interval)
