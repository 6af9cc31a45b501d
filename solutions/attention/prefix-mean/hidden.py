"""Hidden cases for prefix-mean: random shapes, T = 1, C = 1, constants, and the running-mean property.

The grader also checks, on every call, that x is unchanged and the output is float64.
"""
import numpy as np

from grader.protocol import Call, Case


def is_running_mean(ctx):
    (out,) = ctx.outputs
    x = ctx.calls[0].args[0]
    T = x.shape[1]
    expected = np.stack([x[:, : t + 1].mean(axis=1) for t in range(T)], axis=1)  # the definition, one t at a time
    ctx.assert_close(out, expected, "out[:, t] should be the mean of x[:, :t+1]")


def past_unchanged(ctx):
    out, out2 = ctx.outputs
    ctx.assert_close(out2[:, :3], out[:, :3], "outputs at t < 3 after changing x at t >= 3")


def cases():
    rng = np.random.default_rng(20261207)
    for B, T, C in [(1, 4, 2), (4, 8, 2), (2, 13, 5), (3, 6, 32)]:
        yield Case(f"random_{B}x{T}x{C}", Call("prefix_mean", rng.normal(size=(B, T, C))), check=is_running_mean)
    yield Case("length_one", Call("prefix_mean", rng.normal(size=(3, 1, 4))), check=is_running_mean)
    yield Case("one_channel", Call("prefix_mean", rng.normal(size=(2, 9, 1))), check=is_running_mean)
    yield Case("all_sizes_one", Call("prefix_mean", np.array([[[-4.5]]])), check=is_running_mean)
    yield Case("constant_sequence_is_unchanged", Call("prefix_mean", np.full((2, 7, 3), -2.5)))
    yield Case("large_values", Call("prefix_mean", 1e6 * rng.normal(size=(2, 5, 3))), check=is_running_mean)
    x = rng.normal(size=(2, 6, 4))
    x2 = x.copy()
    x2[:, 3:] += 10.0
    yield Case("future_does_not_change_the_past", Call("prefix_mean", x), Call("prefix_mean", x2), check=past_unchanged)
