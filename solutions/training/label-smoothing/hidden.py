"""Hidden cases for label-smoothing: both modes, eps = 0 and 1, huge logits, and mode equivalence.

The loss may be a Python float or a NumPy float scalar (the statement allows both), so the returning cases opt
out of the grader's exact type check and check the type themselves; the grader still checks, after every call,
that logits and y were not modified in place.
"""
import math

import numpy as np

from grader.protocol import Call, Case, Failure


def _case(name, *calls, **kw):
    """A Case that allows a Python float or a NumPy float scalar for the loss (the statement allows both)."""
    return Case(name, *calls, exact_types=False, **kw)


def is_float(ctx):
    for out in ctx.outputs:
        if not isinstance(out, (float, np.floating)):
            kind = f"an np.ndarray of shape {out.shape}" if isinstance(out, np.ndarray) else f"a {type(out).__name__}"
            raise Failure(f"smoothed_cross_entropy returned {kind}; return the mean loss as a Python float")


def _all(*checks):
    def check(ctx):
        for c in checks:
            c(ctx)
    return check


def _plain_ce(logits, y):
    """Plain cross-entropy, written independently of the reference."""
    m = logits.max(axis=1)
    lse = m + np.log(np.exp(logits - m[:, None]).sum(axis=1))
    return float(np.mean(lse - logits[np.arange(len(y)), y]))


def eps_zero_is_plain_ce(ctx):
    logits, y, _ = ctx.calls[0].args
    want = _plain_ce(logits, y)
    for call, out in zip(ctx.calls, ctx.outputs):
        if not math.isclose(float(out), want, rel_tol=1e-7, abs_tol=1e-9):
            raise Failure(f"with eps = 0 ({call.kwargs.get('mode', 'uniform')}) the loss should be plain "
                          f"cross-entropy {want:.6g}, got {float(out):.6g}")


def modes_agree(ctx):
    uniform, t2t = (float(v) for v in ctx.outputs)
    if not math.isclose(uniform, t2t, rel_tol=1e-7, abs_tol=1e-9):
        raise Failure(f"uniform smoothing eps and t2t smoothing eps * (V - 1) / V describe the same target, "
                      f"but the losses differ: {uniform:.6g} vs {t2t:.6g}")


def cases():
    rng = np.random.default_rng(20261205)
    for N, V, eps, mode in [(4, 5, 0.1, "uniform"), (16, 11, 0.3, "uniform"), (6, 7, 0.1, "t2t"), (9, 3, 0.25, "t2t")]:
        logits = rng.normal(scale=3.0, size=(N, V))
        y = rng.integers(V, size=N)
        yield _case(f"random_N{N}_V{V}_{mode}", Call("smoothed_cross_entropy", logits, y, eps, mode=mode), check=is_float)
    logits, y = rng.normal(size=(5, 6)), rng.integers(6, size=5)
    yield _case("eps_zero_is_plain_ce", Call("smoothed_cross_entropy", logits, y, 0.0),
                Call("smoothed_cross_entropy", logits, y, 0.0, mode="t2t"), check=_all(is_float, eps_zero_is_plain_ce))
    V = 8
    logits, y = rng.normal(size=(7, V)), rng.integers(V, size=7)
    yield _case("modes_agree_after_rescaling", Call("smoothed_cross_entropy", logits, y, 0.2),
                Call("smoothed_cross_entropy", logits, y, 0.2 * (V - 1) / V, mode="t2t"), check=_all(is_float, modes_agree))
    yield _case("eps_one_uniform", Call("smoothed_cross_entropy", rng.normal(size=(3, 4)), np.array([0, 3, 1]), 1.0),
                check=is_float)
    # t2t with eps = 1: the true class gets no weight at all, every other class 1 / (V - 1)
    yield _case("eps_one_t2t", Call("smoothed_cross_entropy", rng.normal(size=(4, 5)), np.array([4, 0, 2, 2]), 1.0,
                                    mode="t2t"), check=is_float)
    yield _case("huge_logits", Call("smoothed_cross_entropy", np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, 1e4]]),
                                    np.array([0, 1]), 0.1),
                Call("smoothed_cross_entropy", np.array([[1e4, -1e4, 0.0]]), np.array([0]), 0.1, mode="t2t"),
                check=is_float)
    # rows whose every logit is near -1e4 (exp without the max shift underflows to 0 / 0), next to a row that
    # reaches +1e4 (one shift for the whole array sends the other rows to -2e4)
    big_negative = np.array([[-1e4, -1e4 + 2.0, -1e4 + 1.0, -1e4 - 3.0], [-9999.5, -1e4, -1e4, -1e4],
                             [1e4, 0.0, -1e4, 5.0]])
    yield _case("huge_negative_rows", Call("smoothed_cross_entropy", big_negative, np.array([1, 3, 0]), 0.1),
                Call("smoothed_cross_entropy", big_negative, np.array([0, 2, 3]), 0.3, mode="t2t"), check=is_float)
    yield _case("two_classes_one_row", Call("smoothed_cross_entropy", np.array([[0.3, -0.7]]), np.array([1]), 0.05, "t2t"),
                check=is_float)
    yield Case("unknown_mode_raises", Call("smoothed_cross_entropy", np.zeros((2, 3)), np.array([0, 1]), 0.1, mode="T2T"))
    yield Case("other_mode_raises", Call("smoothed_cross_entropy", np.zeros((2, 3)), np.array([0, 1]), 0.1, mode="kl"))
