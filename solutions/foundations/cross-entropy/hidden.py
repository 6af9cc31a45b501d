"""Hidden cases for cross-entropy: random shapes, ignored rows, overflow and underflow traps, properties.

The statement accepts a Python float or a NumPy floating scalar, so every case compares types by
family (`exact_types=False`); `scalar_loss` still refuses arrays of shape (1,). The grader also checks
on every call that `logits` and `y` are unchanged.
"""
import math

import numpy as np

from grader.protocol import Call, Case, Failure


def _case(name, *calls, **kwargs):
    """A Case that accepts any floating scalar type, as the statement allows."""
    return Case(name, *calls, exact_types=False, **kwargs)


def scalar_loss(ctx):
    for out in ctx.outputs:
        if isinstance(out, bool) or not isinstance(out, (float, int, np.floating, np.ndarray)):
            raise Failure(f"expected a Python float, got a {type(out).__name__}")
        if isinstance(out, np.ndarray) and out.shape != ():
            raise Failure(f"expected a Python float, got an np.ndarray of shape {out.shape}: return float(loss)")


def is_ln_v(ctx):
    scalar_loss(ctx)
    (out,) = ctx.outputs
    v = ctx.calls[0].args[0].shape[1]
    ctx.assert_close(out, math.log(v), f"uniform logits over V={v} classes should give ln V")


def shift_invariant(ctx):
    scalar_loss(ctx)
    plain, shifted = ctx.outputs
    ctx.assert_close(shifted, plain, "loss of logits + 100 (per-row constant) vs loss of logits")


def is_nan(ctx):
    (out,) = ctx.outputs
    if not isinstance(out, (float, np.floating)) or not math.isnan(out):
        raise Failure(f"every row is ignored: expected float('nan') (0 / 0), got {out!r}")


def _targets(rng, n, v):
    return rng.integers(0, v, size=n)


def cases():
    rng = np.random.default_rng(20261201)
    for n, v in [(1, 2), (5, 7), (16, 3), (33, 50)]:
        logits = rng.normal(scale=2.0, size=(n, v))
        yield _case(f"random_{n}x{v}", Call("cross_entropy", logits, _targets(rng, n, v)), check=scalar_loss)

    logits = rng.normal(size=(10, 6))
    y = _targets(rng, 10, 6)
    y[[0, 3, 4, 9]] = -100
    yield _case("some_rows_ignored", Call("cross_entropy", logits, y), check=scalar_loss)

    y = _targets(rng, 10, 6)
    y[[1, 2]] = -1
    yield _case("custom_ignore_index_minus_1", Call("cross_entropy", logits, y, ignore_index=-1))

    y = np.array([0, 2, 0, 1, 0, 3])
    yield _case("ignore_index_is_a_real_class", Call("cross_entropy", rng.normal(size=(6, 4)), y, ignore_index=0))
    yield _case("ignore_index_absent_from_labels",
                Call("cross_entropy", rng.normal(size=(5, 4)), np.array([3, 1, 0, 2, 1]), ignore_index=7))

    for v in (2, 11, 1000):
        yield _case(f"uniform_logits_V{v}", Call("cross_entropy", np.full((4, v), 3.7), _targets(rng, 4, v)),
                    check=is_ln_v)
    yield _case("single_class_V1", Call("cross_entropy", rng.normal(scale=5.0, size=(3, 1)), np.zeros(3, dtype=np.int64)),
                check=scalar_loss)

    big = np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 9999.0], [800.0, 799.0, 798.0]])
    yield _case("huge_logits", Call("cross_entropy", big, np.array([2, 2, 0])))
    # every logit of a row near -1e4: exp alone underflows to log(0) = -inf
    low = np.array([[-1e4, -1e4 + 3.0, -1e4], [-9000.0, -9001.0, -9002.0]])
    yield _case("huge_negative_rows", Call("cross_entropy", low, np.array([0, 2])), check=scalar_loss)
    yield _case("ignored_row_with_huge_logits",
                Call("cross_entropy", np.array([[1e4, -1e4], [0.5, -0.5], [-1e4, -1e4]]), np.array([-100, 1, -100])))

    logits = rng.normal(size=(7, 5))
    y = _targets(rng, 7, 5)
    shift = rng.normal(scale=100.0, size=(7, 1))
    yield _case("row_shift_invariance", Call("cross_entropy", logits, y), Call("cross_entropy", logits + shift, y),
                check=shift_invariant)

    yield _case("all_rows_ignored_gives_nan",
                Call("cross_entropy", rng.normal(size=(3, 4)), np.array([-100, -100, -100])),
                compare=False, check=is_nan)
    yield _case("all_rows_ignored_custom_index_gives_nan",
                Call("cross_entropy", rng.normal(size=(2, 3)), np.array([2, 2]), ignore_index=2),
                compare=False, check=is_nan)
