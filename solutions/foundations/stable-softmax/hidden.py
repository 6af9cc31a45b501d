"""Hidden cases for stable-softmax: random shapes and axes, overflow and underflow traps, properties.

The grader also checks, on every call, that `x` is unchanged and the output is a float64 np.ndarray.
"""
import numpy as np

from grader.protocol import Call, Case, Failure


def rows_sum_to_one(ctx):
    (out,) = ctx.outputs
    axis = ctx.calls[0].kwargs.get("axis", -1)
    ctx.assert_close(np.sum(out, axis=axis), np.ones(np.sum(out, axis=axis).shape), "sum along axis")
    if np.any(out < 0):
        raise Failure("softmax returned a negative entry")


def shift_invariant(ctx):
    plain, shifted = ctx.outputs
    ctx.assert_close(shifted, plain, "softmax(x + 50) vs softmax(x)")


def cases():
    rng = np.random.default_rng(20261128)
    for shape, axis in [((7,), -1), ((3, 5), -1), ((2, 4, 6), 1), ((4, 3), 0), ((2, 3, 5, 2), -2)]:
        x = rng.normal(scale=3.0, size=shape)
        yield Case(f"random_{'x'.join(map(str, shape))}_axis{axis}", Call("softmax", x, axis=axis), check=rows_sum_to_one)
    yield Case("huge_positive", Call("softmax", np.array([[1e4, 1e4 - 1.0, 0.0]]), axis=-1), check=rows_sum_to_one)
    yield Case("huge_mixed_signs", Call("softmax", np.array([[1e4, -1e4], [-1e4, -1e4], [800.0, 799.0]])))
    # every entry near -1e4: np.exp alone underflows to 0 / 0; the shifted form gives softmax([0, 1, 2])
    yield Case("huge_negative_rows", Call("softmax", np.array([[-1e4, -1e4 + 1.0, -1e4 + 2.0], [-9000.0, -9000.0, -9000.0]])),
               check=rows_sum_to_one)
    yield Case("huge_negative_axis0", Call("softmax", np.array([[-1e4, 5.0], [-1e4 + 3.0, -1e4]]), axis=0),
               check=rows_sum_to_one)
    yield Case("length_one", Call("softmax", np.array([[3.0], [-1e4]]), axis=-1))
    yield Case("all_equal", Call("softmax", np.full((2, 6), 7.5)))
    x = rng.normal(size=(3, 8))
    yield Case("shift_invariance", Call("softmax", x), Call("softmax", x + 50.0), check=shift_invariant)
    yield Case("default_axis_is_last", Call("softmax", rng.normal(size=(4, 3, 2))))
    yield Case("one_dimensional_axis0", Call("softmax", rng.normal(size=5), axis=0), check=rows_sum_to_one)
