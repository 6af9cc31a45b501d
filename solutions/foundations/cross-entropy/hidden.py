"""Hidden cases for cross-entropy: random shapes, ignored rows, overflow traps, properties."""
import math

import numpy as np

from grader.protocol import Call, Case, Failure


def is_ln_v(ctx):
    (out,) = ctx.outputs
    v = ctx.calls[0].args[0].shape[1]
    ctx.assert_close(out, math.log(v), f"uniform logits over V={v} classes should give ln V")


def shift_invariant(ctx):
    plain, shifted = ctx.outputs
    ctx.assert_close(shifted, plain, "loss of logits + 100 (per-row constant) vs loss of logits")


def is_nan(ctx):
    (out,) = ctx.outputs
    if not isinstance(out, float) or not math.isnan(out):
        raise Failure(f"every row is ignored: expected float('nan') (0 / 0), got {out!r}")


def _targets(rng, n, v):
    return rng.integers(0, v, size=n)


def cases():
    rng = np.random.default_rng(20261201)
    for n, v in [(1, 2), (5, 7), (16, 3), (33, 50)]:
        logits = rng.normal(scale=2.0, size=(n, v))
        yield Case(f"random_{n}x{v}", Call("cross_entropy", logits, _targets(rng, n, v)))

    logits = rng.normal(size=(10, 6))
    y = _targets(rng, 10, 6)
    y[[0, 3, 4, 9]] = -100
    yield Case("some_rows_ignored", Call("cross_entropy", logits, y))

    y = _targets(rng, 10, 6)
    y[[1, 2]] = -1
    yield Case("custom_ignore_index_minus_1", Call("cross_entropy", logits, y, ignore_index=-1))

    y = np.array([0, 2, 0, 1, 0, 3])
    yield Case("ignore_index_is_a_real_class", Call("cross_entropy", rng.normal(size=(6, 4)), y, ignore_index=0))

    for v in (2, 11, 1000):
        yield Case(f"uniform_logits_V{v}", Call("cross_entropy", np.full((4, v), 3.7), _targets(rng, 4, v)),
                   check=is_ln_v)

    big = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 9999.0], [800.0, 799.0, 798.0]])
    yield Case("huge_logits", Call("cross_entropy", big, np.array([2, 2, 0])))

    logits = rng.normal(size=(7, 5))
    y = _targets(rng, 7, 5)
    shift = rng.normal(scale=100.0, size=(7, 1))
    yield Case("row_shift_invariance", Call("cross_entropy", logits, y), Call("cross_entropy", logits + shift, y),
               check=shift_invariant)

    yield Case("all_rows_ignored_gives_nan",
               Call("cross_entropy", rng.normal(size=(3, 4)), np.array([-100, -100, -100])),
               compare=False, check=is_nan)
