"""Hidden cases for sampling: each filter alone and combined, ties, boundaries, temperature limits, raises.

Every returning case checks that the output is a float64 np.ndarray of shape (V,); the grader itself checks,
after every call, that logits was not modified in place.
"""
import numpy as np

from grader.protocol import Call, Case, Failure


def probs_shape(ctx):
    for call, out in zip(ctx.calls, ctx.outputs):
        V = call.args[0].shape[0]
        if type(out) is not np.ndarray:
            raise Failure(f"next_token_probs should return an np.ndarray, got a {type(out).__name__}")
        if out.shape != (V,) or out.dtype != np.float64:
            raise Failure(f"the probabilities should have shape ({V},) and dtype float64, "
                          f"got shape {out.shape} and dtype {out.dtype}")


def sums_to_one(ctx):
    probs_shape(ctx)
    for out in ctx.outputs:
        if np.any(out < 0):
            raise Failure("a probability is negative")
        ctx.assert_close(np.sum(out), 1.0, "sum of the probabilities")


def support_is_k(ctx):
    sums_to_one(ctx)
    (out,) = ctx.outputs
    k = ctx.calls[0].kwargs["top_k"]
    if int(np.count_nonzero(out)) != k:
        raise Failure(f"top_k={k} left {int(np.count_nonzero(out))} tokens with non-zero probability")


def one_hot(ctx):
    probs_shape(ctx)
    (out,) = ctx.outputs
    logits = ctx.calls[0].args[0]
    want = np.zeros_like(out)
    want[np.argmax(logits)] = 1.0
    ctx.assert_close(out, want, "temperature -> 0 should give a one-hot vector at the argmax")


def safe_top_p(rng, probs_sorted):
    """A top_p strictly between two prefix masses, far from both, so rounding never decides the answer."""
    cum = np.cumsum(probs_sorted)
    i = int(rng.integers(0, len(cum) - 1))
    lo = cum[i - 1] if i > 0 else 0.0
    return float(lo + (cum[i] - lo) * rng.uniform(0.3, 0.7))


def softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def cases():
    rng = np.random.default_rng(18)
    for V in (5, 12):
        yield Case(f"plain_softmax_V{V}", Call("next_token_probs", rng.normal(size=V)), check=sums_to_one)
    yield Case("temperature_2", Call("next_token_probs", rng.normal(size=8), temperature=2.0), check=sums_to_one)
    for V, k in [(10, 3), (6, 1), (7, 7), (5, 9)]:
        yield Case(f"top_k_{k}_of_{V}", Call("next_token_probs", rng.normal(size=V), top_k=k),
                   check=support_is_k if k <= V else sums_to_one)
    yield Case("top_k_ties_at_the_boundary", Call("next_token_probs", np.array([1.0, 2.0, 2.0, 2.0, 0.0, 2.0]), top_k=2),
               check=support_is_k)
    for V in (6, 15):
        logits = 2.0 * rng.normal(size=V)
        p = safe_top_p(rng, np.sort(softmax(logits))[::-1])
        yield Case(f"top_p_V{V}", Call("next_token_probs", logits, top_p=p), check=sums_to_one)
    # exact arithmetic: four equal probabilities of 0.25, so the first two reach 0.5 exactly (>= keeps two)
    yield Case("top_p_reached_exactly_with_ties", Call("next_token_probs", np.zeros(4), top_p=0.5), check=sums_to_one)
    yield Case("top_p_tiny_keeps_argmax", Call("next_token_probs", rng.normal(size=9), top_p=1e-9), check=sums_to_one)
    yield Case("top_p_one_keeps_all", Call("next_token_probs", rng.normal(size=6), top_p=1.0), check=sums_to_one)
    # order matters: temperature reshapes the distribution before top-p reads its mass
    logits = np.array([2.0, 1.0, 0.0, -1.0, 0.5, -0.5, 1.5])
    t = 0.5
    z = logits / t
    kept = np.sort(z)[::-1][:5]
    p = safe_top_p(rng, softmax(kept))
    yield Case("temperature_then_top_k_then_top_p",
               Call("next_token_probs", logits, temperature=t, top_k=5, top_p=p), check=sums_to_one)
    # top-p reads the mass renormalised after top-k: two survivors always reach 0.95 together
    yield Case("top_p_after_top_k", Call("next_token_probs", 0.3 * rng.normal(size=8), top_k=2, top_p=0.95),
               check=support_is_k)
    logits = 3.0 * rng.normal(size=10)
    z = np.sort(logits / 1.7)[::-1][:6]
    yield Case("all_three_random", Call("next_token_probs", logits, temperature=1.7, top_k=6,
                                        top_p=safe_top_p(rng, softmax(z))), check=sums_to_one)
    yield Case("temperature_zero_is_greedy", Call("next_token_probs", rng.normal(size=7), temperature=0.0), check=one_hot)
    yield Case("temperature_zero_ties_lowest_index", Call("next_token_probs", np.array([1.0, 3.0, 3.0, -2.0]),
                                                          temperature=0.0, top_k=2), check=one_hot)
    yield Case("tiny_temperature_no_overflow", Call("next_token_probs", np.array([0.3, 2.0, -1.0, 1.8]), temperature=1e-4),
               check=one_hot)
    yield Case("huge_logits", Call("next_token_probs", np.array([1e4, -1e4, 9999.0, 0.0]), top_k=3), check=sums_to_one)
    # every logit near -1e4: without the max shift np.exp gives 0 / 0
    yield Case("all_large_negative", Call("next_token_probs", np.array([-1e4, -1e4 + 1.0, -1e4 - 2.0, -9999.5])),
               Call("next_token_probs", np.array([-1e4, -1e4 + 1.0, -1e4 - 2.0, -9999.5]), top_p=0.7),
               check=sums_to_one)
    yield Case("single_token", Call("next_token_probs", np.array([0.7])),
               Call("next_token_probs", np.array([-3.0]), temperature=0.5, top_k=1, top_p=0.2),
               Call("next_token_probs", np.array([2.0]), temperature=0.0), check=sums_to_one)
    # 40 logits with many ties: NumPy's default (unstable) argsort puts a higher index first among them
    tied = np.array([3.0, 2.0, 2.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 3.0, 2.0, 3.0, 2.0, 2.0, 3.0, 2.0, 2.0, 2.0, 2.0,
                     3.0, 1.0, 3.0, 2.0, 0.0, 1.0, 3.0, 2.0, 0.0, 3.0, 2.0, 3.0, 0.0, 0.0, 3.0, 0.0, 2.0, 0.0, 1.0,
                     1.0, 1.0])
    yield Case("top_k_ties_among_40", Call("next_token_probs", tied, top_k=7), check=support_is_k)
    p3 = softmax(tied)[0]  # the probability of each of the ten tokens scoring 3
    yield Case("top_p_ties_among_40", Call("next_token_probs", tied, top_p=float(4.5 * p3)),
               Call("next_token_probs", 2.0 * tied, temperature=2.0, top_k=9, top_p=0.5), check=sums_to_one)
    yield Case("negative_temperature_raises", Call("next_token_probs", np.zeros(3), temperature=-1.0))
    yield Case("tiny_negative_temperature_raises", Call("next_token_probs", np.zeros(3), temperature=-1e-6))
    yield Case("top_k_zero_raises", Call("next_token_probs", np.zeros(3), top_k=0))
    yield Case("top_k_negative_raises", Call("next_token_probs", np.zeros(3), top_k=-2))
    yield Case("top_p_zero_raises", Call("next_token_probs", np.zeros(3), top_p=0.0))
    yield Case("top_p_negative_raises", Call("next_token_probs", np.zeros(3), top_p=-0.3))
    yield Case("top_p_above_one_raises", Call("next_token_probs", np.zeros(3), top_p=1.5))
    yield Case("top_p_just_above_one_raises", Call("next_token_probs", np.zeros(3), top_p=1.0 + 1e-9))
