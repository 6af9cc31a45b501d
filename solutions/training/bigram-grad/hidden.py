"""Hidden cases for bigram-grad: random sizes, repeated contexts, overflow traps, finite differences.

Every case checks the promised output (a tuple (loss, dW), loss a float, dW a float (V, V) np.ndarray). The loss
may be a Python float or a NumPy float scalar, so the cases opt out of the grader's exact type check; the grader
still checks, after every call, that W, x and y were not modified in place.
"""
import math

import numpy as np

from grader.protocol import Call, Case, Failure


def _case(name, *calls, **kw):
    """A Case that allows a Python float or a NumPy float scalar for the loss (the statement accepts both)."""
    return Case(name, *calls, exact_types=False, **kw)


def returns_loss_and_grad(ctx):
    for call, out in zip(ctx.calls, ctx.outputs):
        V = call.args[0].shape[0]
        if type(out) is not tuple or len(out) != 2:
            what = type(out).__name__ + (f" of length {len(out)}" if isinstance(out, (list, tuple)) else "")
            raise Failure(f"bigram_loss_and_grad should return the tuple (loss, dW), got a {what}")
        loss, dW = out
        if not isinstance(loss, (float, np.floating)):
            raise Failure(f"the loss should be a Python float, got a {type(loss).__name__}")
        if type(dW) is not np.ndarray or dW.shape != (V, V) or dW.dtype.kind != "f":
            got = f"shape {dW.shape} and dtype {dW.dtype}" if type(dW) is np.ndarray else f"a {type(dW).__name__}"
            raise Failure(f"dW should be a float np.ndarray of shape {(V, V)}, got {got}")


def _all(*checks):
    def check(ctx):
        for c in checks:
            c(ctx)
    return check


def _loss(W, x, y):
    """The loss alone, written independently of the reference (stable log-sum-exp)."""
    z = W[x]
    m = z.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(z - m).sum(axis=1))
    return float(np.mean(lse - z[np.arange(len(y)), y]))


def matches_finite_differences(ctx):
    returns_loss_and_grad(ctx)
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
    returns_loss_and_grad(ctx)
    W = ctx.calls[0].args[0]
    loss, _ = ctx.outputs[0]
    if not math.isclose(float(loss), math.log(W.shape[0]), rel_tol=1e-9):
        raise Failure(f"with W = 0 the loss should be ln V = {math.log(W.shape[0]):.6g}, got {float(loss):.6g}")


def _pairs(rng, V, N):
    return rng.integers(V, size=N), rng.integers(V, size=N)


def cases():
    rng = np.random.default_rng(20261204)
    for V, N in [(5, 12), (27, 64), (8, 3)]:
        x, y = _pairs(rng, V, N)
        W = rng.normal(scale=2.0, size=(V, V))
        yield _case(f"random_V{V}_N{N}", Call("bigram_loss_and_grad", W, x, y), check=matches_finite_differences)
    x, y = _pairs(rng, 6, 10)
    yield _case("zero_weights", Call("bigram_loss_and_grad", np.zeros((6, 6)), x, y), check=zero_weights_give_ln_V)
    yield _case("single_pair", Call("bigram_loss_and_grad", rng.normal(size=(4, 4)), np.array([2]), np.array([2])),
                check=returns_loss_and_grad)
    yield _case("same_context_everywhere",
                Call("bigram_loss_and_grad", rng.normal(size=(5, 5)), np.full(9, 3), rng.integers(5, size=9)),
                check=matches_finite_differences)
    x, y = _pairs(rng, 7, 20)
    yield _case("large_weights_no_overflow",
                Call("bigram_loss_and_grad", rng.uniform(-1e3, 1e3, size=(7, 7)), x, y), check=returns_loss_and_grad)
    # every row near -1e3: np.exp without the max shift underflows to 0 / 0 (nan); the loss is a modest number
    W = -1e3 + rng.uniform(0.0, 3.0, size=(5, 5))
    x, y = _pairs(rng, 5, 11)
    yield _case("large_negative_rows", Call("bigram_loss_and_grad", W, x, y), check=returns_loss_and_grad)
    # rows 0-2 hold one +1e3 logit among huge negative ones; row 3 is near -1e3 everywhere: one shift for
    # the whole matrix (W - W.max()) sends row 3 to about -2000, where exp gives 0 / 0
    W = rng.uniform(-1e3, -990.0, size=(4, 4))
    W[np.arange(3), np.arange(1, 4)] = 1e3
    yield _case("large_mixed_signs", Call("bigram_loss_and_grad", W, np.array([0, 1, 2, 3, 0]), np.array([2, 2, 3, 1, 1])),
                check=returns_loss_and_grad)
    yield _case("two_tokens", Call("bigram_loss_and_grad", rng.normal(size=(2, 2)), np.array([0, 1, 0, 0]),
                                   np.array([1, 1, 0, 1])), check=matches_finite_differences)
