"""Hidden cases for label-smoothing: both modes, eps = 0 and 1, huge logits, and mode equivalence."""
import math

import numpy as np

from grader.protocol import Call, Case, Failure


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
                          f"cross-entropy {want:.6f}, got {float(out):.6f}")


def modes_agree(ctx):
    uniform, t2t = (float(v) for v in ctx.outputs)
    if not math.isclose(uniform, t2t, rel_tol=1e-7, abs_tol=1e-9):
        raise Failure(f"uniform smoothing eps and t2t smoothing eps * (V - 1) / V describe the same target, "
                      f"but the losses differ: {uniform:.6f} vs {t2t:.6f}")


def cases():
    rng = np.random.default_rng(20261205)
    for N, V, eps, mode in [(4, 5, 0.1, "uniform"), (16, 11, 0.3, "uniform"), (6, 7, 0.1, "t2t"), (9, 3, 0.25, "t2t")]:
        logits = rng.normal(scale=3.0, size=(N, V))
        y = rng.integers(V, size=N)
        yield Case(f"random_N{N}_V{V}_{mode}", Call("smoothed_cross_entropy", logits, y, eps, mode=mode))
    logits, y = rng.normal(size=(5, 6)), rng.integers(6, size=5)
    yield Case("eps_zero_is_plain_ce", Call("smoothed_cross_entropy", logits, y, 0.0),
               Call("smoothed_cross_entropy", logits, y, 0.0, mode="t2t"), check=eps_zero_is_plain_ce)
    V = 8
    logits, y = rng.normal(size=(7, V)), rng.integers(V, size=7)
    yield Case("modes_agree_after_rescaling", Call("smoothed_cross_entropy", logits, y, 0.2),
               Call("smoothed_cross_entropy", logits, y, 0.2 * (V - 1) / V, mode="t2t"), check=modes_agree)
    yield Case("eps_one_uniform", Call("smoothed_cross_entropy", rng.normal(size=(3, 4)), np.array([0, 3, 1]), 1.0))
    yield Case("huge_logits", Call("smoothed_cross_entropy", np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, 1e4]]),
                                   np.array([0, 1]), 0.1),
               Call("smoothed_cross_entropy", np.array([[1e4, -1e4, 0.0]]), np.array([0]), 0.1, mode="t2t"))
    yield Case("two_classes_one_row", Call("smoothed_cross_entropy", np.array([[0.3, -0.7]]), np.array([1]), 0.05, "t2t"))
    yield Case("unknown_mode_raises", Call("smoothed_cross_entropy", np.zeros((2, 3)), np.array([0, 1]), 0.1, mode="T2T"))
