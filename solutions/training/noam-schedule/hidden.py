"""Hidden cases for noam-schedule: warmup, peak, decay, factor, and steps that must raise.

A rate may be a Python float or a NumPy float64 scalar (the statement accepts both): the returning cases opt
out of the grader's exact type check, and `is_float` rejects anything else (a 0-d array, a float32).
"""
import numpy as np

from grader.protocol import Call, Case, Failure


def _case(name, *calls, **kw):
    """A Case that accepts a Python float or a NumPy float64 for the rate (the statement accepts both)."""
    return Case(name, *calls, exact_types=False, **kw)


def is_float(ctx):
    for call, out in zip(ctx.calls, ctx.outputs):
        if not isinstance(out, float):  # a Python float, or np.float64 (a subclass); not np.float32 or an array
            kind = f"an np.ndarray of shape {out.shape}" if isinstance(out, np.ndarray) else f"a {type(out).__name__}"
            raise Failure(f"noam_lr({', '.join(map(repr, call.args))}) returned {kind}; return a Python float")


def _all(*checks):
    def check(ctx):
        for c in checks:
            c(ctx)
    return check


def peaks_at_warmup(ctx):
    before, at, after = (float(v) for v in ctx.outputs)
    if not (before < at and after < at):
        raise Failure(f"the rate should peak at step == warmup; got {before:.6g}, {at:.6g}, {after:.6g} "
                      "at warmup - 1, warmup, warmup + 1")


def rises_then_falls(ctx):
    rates = [float(v) for v in ctx.outputs]
    steps = [c.args[0] for c in ctx.calls]
    warmup = ctx.calls[0].args[2]
    for (s0, r0), (s1, r1) in zip(zip(steps, rates), zip(steps[1:], rates[1:])):
        if s1 <= warmup and not r1 > r0:
            raise Failure(f"during warmup the rate must rise: step {s0} gives {r0:.6g}, step {s1} gives {r1:.6g}")
        if s0 >= warmup and not r1 < r0:
            raise Failure(f"after warmup the rate must fall: step {s0} gives {r0:.6g}, step {s1} gives {r1:.6g}")


def cases():
    for d, w in [(512, 4000), (64, 10), (1024, 7)]:
        yield _case(f"peak_d{d}_w{w}", *(Call("noam_lr", s, d, w) for s in (w - 1, w, w + 1)),
                    check=_all(is_float, peaks_at_warmup))
    yield _case("paper_trajectory", *(Call("noam_lr", s, 512, 4000) for s in (1, 2, 100, 3999, 4000, 4001, 10_000, 100_000)),
                check=_all(is_float, rises_then_falls))
    yield _case("factor_scales", Call("noam_lr", 300, 256, 1000, factor=2.0), Call("noam_lr", 300, 256, 1000, factor=0.5),
                Call("noam_lr", 3000, 256, 1000, factor=7.0), check=is_float)
    yield _case("warmup_one_decays_from_the_start", *(Call("noam_lr", s, 128, 1) for s in (1, 2, 9)), check=is_float)
    yield _case("step_one", Call("noam_lr", 1, 32, 50), check=is_float)
    yield _case("huge_step", Call("noam_lr", 10**9, 512, 4000), check=is_float)
    yield _case("factor_positional", Call("noam_lr", 20, 16, 40, 3.0), check=is_float)
    yield _case("d_model_one", Call("noam_lr", 3, 1, 2), Call("noam_lr", 5, 1, 2, factor=0.1), check=is_float)
    yield Case("step_zero_raises", Call("noam_lr", 0, 512, 4000))
    yield Case("negative_step_raises", Call("noam_lr", -5, 512, 4000))
