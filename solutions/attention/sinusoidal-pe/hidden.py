"""Hidden cases for sinusoidal-pe: both layouts at several sizes, d = 2, odd d, d < 2, bad layout, properties.

The grader also checks, on every call, that the output is float64.
"""
import numpy as np

from grader.protocol import Call, Case


def pair_norms(ctx):
    """sin^2 + cos^2 = 1 for every frequency: each row has squared norm d / 2, and row 0 is [0, 1, 0, 1, ...]."""
    for call, pe in zip(ctx.calls, ctx.outputs):
        n, d = call.args
        ctx.assert_close((pe ** 2).sum(axis=1), np.full(n, d / 2), "squared norm of each row (should be d / 2)")
        ctx.assert_close(pe[:, 0], np.sin(np.arange(n, dtype=float)), "column 0 (the fastest sine, sin(pos))")


def cases():
    for n, d in [(1, 2), (10, 8), (50, 64), (7, 6)]:
        yield Case(f"interleave_{n}x{d}", Call("sinusoidal_pe", n, d, layout="interleave"), check=pair_norms)
    for n, d in [(2, 2), (20, 16), (9, 10), (64, 4)]:
        yield Case(f"concat_{n}x{d}", Call("sinusoidal_pe", n, d, layout="concat"), check=pair_norms)
    yield Case("default_layout_is_interleave", Call("sinusoidal_pe", 12, 8))
    yield Case("long_sequence_interleave", Call("sinusoidal_pe", 2048, 32))
    yield Case("odd_d_raises_ValueError", Call("sinusoidal_pe", 4, 5))
    yield Case("odd_d_raises_ValueError_concat", Call("sinusoidal_pe", 4, 7, layout="concat"))
    yield Case("d_1_raises_ValueError", Call("sinusoidal_pe", 3, 1))
    yield Case("d_0_raises_ValueError", Call("sinusoidal_pe", 3, 0))
    yield Case("d_0_raises_ValueError_concat", Call("sinusoidal_pe", 3, 0, layout="concat"))
    yield Case("negative_even_d_raises_ValueError", Call("sinusoidal_pe", 3, -2))
    yield Case("unknown_layout_raises_ValueError", Call("sinusoidal_pe", 3, 4, layout="rotary"))
    yield Case("empty_layout_raises_ValueError", Call("sinusoidal_pe", 3, 2, layout=""))
