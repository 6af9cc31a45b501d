"""Hidden cases for cosine-schedule: warmup edges, the peak, the midpoint, the floor, and monotonicity.

A rate may be a Python float or a NumPy float64 scalar (the statement accepts both): the returning cases opt
out of the grader's exact type check, and `is_float` rejects anything else (a 0-d array, a float32).
"""
import math

import numpy as np

from grader.protocol import Call, Case, Failure


def _case(name, *calls, **kw):
    """A Case that accepts a Python float or a NumPy float64 for the rate (the statement accepts both)."""
    return Case(name, *calls, exact_types=False, **kw)


def is_float(ctx):
    for call, out in zip(ctx.calls, ctx.outputs):
        if not isinstance(out, float):  # a Python float, or np.float64 (a subclass); not np.float32 or an array
            kind = f"an np.ndarray of shape {out.shape}" if isinstance(out, np.ndarray) else f"a {type(out).__name__}"
            raise Failure(f"cosine_lr({', '.join(map(repr, call.args))}) returned {kind}; return a Python float")


def _all(*checks):
    def check(ctx):
        for c in checks:
            c(ctx)
    return check


def midpoint_is_mean(ctx):
    (lr,) = ctx.outputs
    _, _, _, lr_max, lr_min = ctx.calls[0].args
    if not math.isclose(float(lr), (lr_max + lr_min) / 2, rel_tol=1e-9):
        raise Failure(f"halfway through the cosine the rate should be (lr_max + lr_min) / 2, got {float(lr):.6g}")


def never_rises_after_warmup(ctx):
    rates = [float(v) for v in ctx.outputs]
    for c0, c1, r0, r1 in zip(ctx.calls, ctx.calls[1:], rates, rates[1:]):
        if r1 > r0 * (1 + 1e-12):
            raise Failure(f"after warmup the rate must never rise: iteration {c0.args[0]} gives {r0:.6g}, "
                          f"iteration {c1.args[0]} gives {r1:.6g}")


def cases():
    yield _case("warmup_edges", *(Call("cosine_lr", it, 2000, 600_000, 6e-4, 6e-5) for it in (0, 1, 1999)), check=is_float)
    yield _case("peak_at_warmup", Call("cosine_lr", 2000, 2000, 600_000, 6e-4, 6e-5), check=is_float)
    yield _case("midpoint", Call("cosine_lr", 60, 20, 100, 3e-3, 1e-3), check=_all(is_float, midpoint_is_mean))
    yield _case("floor_at_and_after_decay", *(Call("cosine_lr", it, 10, 50, 1.0, 0.1) for it in (49, 50, 51, 10_000)),
                check=is_float)
    yield _case("no_warmup", *(Call("cosine_lr", it, 0, 8, 2.0, 0.5) for it in (0, 1, 4, 8, 9)), check=is_float)
    yield _case("one_warmup_iteration", *(Call("cosine_lr", it, 1, 3, 1.0, 0.0) for it in (0, 1, 2, 3)), check=is_float)
    yield _case("decay_monotone", *(Call("cosine_lr", it, 7, 40, 5e-4, 5e-5) for it in range(7, 45, 3)),
                check=_all(is_float, never_rises_after_warmup))
    yield _case("zero_floor", *(Call("cosine_lr", it, 3, 9, 1e-2, 0.0) for it in (5, 9, 12)), check=is_float)
    yield _case("floor_equals_peak", Call("cosine_lr", 30, 10, 50, 1e-3, 1e-3), check=is_float)
    # the shortest decay the statement allows (decay_iters = warmup + 1): the cosine is one step long
    yield _case("shortest_decay", *(Call("cosine_lr", it, 5, 6, 1e-3, 1e-4) for it in (4, 5, 6, 7)), check=is_float)
