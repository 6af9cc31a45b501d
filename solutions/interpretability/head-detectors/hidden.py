"""Hidden cases for head-detectors: random causal patterns, hand-built heads, properties."""
import numpy as np

from grader.protocol import Call, Case, Failure


def causal_pattern(rng, H, T, sharpness=2.0):
    """Random attention patterns: causal softmax rows, pattern[h, q, k]."""
    scores = rng.normal(scale=sharpness, size=(H, T, T))
    scores = np.where(np.tril(np.ones((T, T), dtype=bool)), scores, -np.inf)
    e = np.exp(scores - scores.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def scores_in_unit_interval(ctx):
    for name, s in zip(("previous-token", "current-token", "first-token"), ctx.outputs[0]):
        if np.any(s < -1e-12) or np.any(s > 1 + 1e-12):
            raise Failure(f"a {name} score lies outside [0, 1]: each is a mean of attention weights")


def detects_planted_heads(ctx):
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
    yield Case("uniform_causal", Call("head_scores", (uniform / uniform.sum(-1, keepdims=True))[None].repeat(2, 0)))
    yield Case("heads_differ", Call("head_scores", causal_pattern(rng, 5, 6, sharpness=6.0)))
    # Patterns need not be causal: a bidirectional head may look at later keys too.
    yield Case("non_causal", Call("head_scores", rng.dirichlet(np.ones(8), size=(3, 8))))
