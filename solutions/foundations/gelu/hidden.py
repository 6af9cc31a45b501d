"""Hidden cases for gelu: both forms on random shapes, extremes, and the odd-part identity.

The grader also checks, on every call, that `x` is unchanged and the output is float64.
"""
import numpy as np

from grader.protocol import Call, Case


def odd_part_is_x(ctx):
    pos, neg = ctx.outputs
    x = ctx.calls[0].args[0]
    name = ctx.calls[0].entry
    ctx.assert_close(pos - neg, x, f"{name}(x) - {name}(-x) should equal x")


def cases():
    rng = np.random.default_rng(20261203)
    for entry in ("gelu_exact", "gelu_tanh"):
        for shape in [(7,), (3, 4), (2, 3, 5)]:
            x = rng.normal(scale=2.5, size=shape)
            yield Case(f"{entry}_random_{'x'.join(map(str, shape))}", Call(entry, x))
        x = rng.normal(scale=3.0, size=(4, 6))
        yield Case(f"{entry}_odd_part_identity", Call(entry, x), Call(entry, -x), check=odd_part_is_x)
        yield Case(f"{entry}_extremes", Call(entry, np.array([[-1e4, -50.0, -8.0], [8.0, 50.0, 1e4]])))
        yield Case(f"{entry}_huge_negative_only", Call(entry, np.array([-1e4, -5e3, -900.0, -40.0])))
        yield Case(f"{entry}_zeros_and_tiny", Call(entry, np.array([0.0, 1e-8, -1e-8, 0.0])))
    grid = np.linspace(-4.0, 4.0, 33).reshape(3, 11)
    yield Case("both_forms_on_a_grid", Call("gelu_exact", grid), Call("gelu_tanh", grid))
