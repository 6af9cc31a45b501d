"""Hidden cases for bigram-grad: random sizes, repeated contexts, overflow traps, finite differences."""
import math

import numpy as np

from grader.protocol import Call, Case, Failure


def _loss(W, x, y):
    """The loss alone, written independently of the reference (stable log-sum-exp)."""
    z = W[x]
    m = z.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(z - m).sum(axis=1))
    return float(np.mean(lse - z[np.arange(len(y)), y]))


def matches_finite_differences(ctx):
    W, x, y = ctx.calls[0].args
    loss, dW = ctx.outputs[0]
    if not math.isclose(float(loss), _loss(W, x, y), rel_tol=1e-7, abs_tol=1e-9):
        raise Failure("the loss is not the mean cross-entropy of softmax(W[x]) against y")
    rng = np.random.default_rng(11)
    rows = np.unique(x)
    h = 1e-5
    for _ in range(6):
        a, b = int(rng.choice(rows)), int(rng.integers(W.shape[1]))
        Wp, Wm = W.copy(), W.copy()
        Wp[a, b] += h
        Wm[a, b] -= h
        fd = (_loss(Wp, x, y) - _loss(Wm, x, y)) / (2 * h)
        if not math.isclose(float(dW[a, b]), fd, rel_tol=1e-5, abs_tol=1e-7):
            raise Failure(f"dW[{a}, {b}] = {float(dW[a, b]):.6g} but central finite differences give {fd:.6g}")


def zero_weights_give_ln_V(ctx):
    W = ctx.calls[0].args[0]
    loss, _ = ctx.outputs[0]
    if not math.isclose(float(loss), math.log(W.shape[0]), rel_tol=1e-9):
        raise Failure(f"with W = 0 the loss should be ln V = {math.log(W.shape[0]):.6f}, got {float(loss):.6f}")


def _pairs(rng, V, N):
    return rng.integers(V, size=N), rng.integers(V, size=N)


def cases():
    rng = np.random.default_rng(20261204)
    for V, N in [(5, 12), (27, 64), (8, 3)]:
        x, y = _pairs(rng, V, N)
        W = rng.normal(scale=2.0, size=(V, V))
        yield Case(f"random_V{V}_N{N}", Call("bigram_loss_and_grad", W, x, y), check=matches_finite_differences)
    x, y = _pairs(rng, 6, 10)
    yield Case("zero_weights", Call("bigram_loss_and_grad", np.zeros((6, 6)), x, y), check=zero_weights_give_ln_V)
    yield Case("single_pair", Call("bigram_loss_and_grad", rng.normal(size=(4, 4)), np.array([2]), np.array([2])))
    yield Case("same_context_everywhere",
               Call("bigram_loss_and_grad", rng.normal(size=(5, 5)), np.full(9, 3), rng.integers(5, size=9)),
               check=matches_finite_differences)
    x, y = _pairs(rng, 7, 20)
    yield Case("large_weights_no_overflow",
               Call("bigram_loss_and_grad", rng.uniform(-1e3, 1e3, size=(7, 7)), x, y))
    yield Case("two_tokens", Call("bigram_loss_and_grad", rng.normal(size=(2, 2)), np.array([0, 1, 0, 0]),
                                  np.array([1, 1, 0, 1])), check=matches_finite_differences)
