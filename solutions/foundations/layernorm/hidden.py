"""Hidden cases for layernorm: random shapes, constant rows, a large eps, the default eps, properties.

The grader also checks, on every call, that `x`, `w`, `b` are unchanged and the output is float64.
"""
import numpy as np

from grader.protocol import Call, Case, Failure


def normalised_rows(ctx):
    """With w = 1 and b = 0 every row has mean 0 and (biased) variance var / (var + eps)."""
    (out,) = ctx.outputs
    x = ctx.calls[0].args[0]
    eps = ctx.calls[0].kwargs.get("eps", 1e-5)
    ctx.assert_close(out.mean(-1), np.zeros(x.shape[:-1]), "row means of the normalised output", atol=1e-6)
    var = x.var(-1)
    ctx.assert_close(out.var(-1), var / (var + eps), "row variances of the normalised output")


def finite(ctx):
    (out,) = ctx.outputs
    if not np.isfinite(out).all():
        raise Failure("a constant row gave nan or inf: eps belongs inside the square root, sqrt(var + eps)")


def cases():
    rng = np.random.default_rng(20261202)
    for shape in [(1, 2), (3, 8), (2, 5, 16), (2, 3, 4, 7)]:
        d = shape[-1]
        x = rng.normal(loc=rng.normal(scale=3.0), scale=rng.uniform(0.5, 4.0), size=shape)
        w, b = rng.normal(size=d), rng.normal(size=d)
        yield Case(f"random_{'x'.join(map(str, shape))}", Call("layer_norm", x, w, b))

    x = rng.normal(size=(4, 6))
    yield Case("eps_0.1_inside_the_root", Call("layer_norm", x, np.ones(6), np.zeros(6), eps=0.1),
               check=normalised_rows)
    yield Case("eps_0.1_affine", Call("layer_norm", rng.normal(scale=0.5, size=(2, 3, 5)), rng.normal(size=5),
                                      rng.normal(size=5), eps=0.1))
    yield Case("unit_gain_zero_bias", Call("layer_norm", rng.normal(size=(5, 9)), np.ones(9), np.zeros(9)),
               check=normalised_rows)

    x = np.array([[2.0, 2.0, 2.0, 2.0], [0.0, 0.0, 0.0, 0.0], [-7.5, -7.5, -7.5, -7.5]])
    yield Case("constant_rows", Call("layer_norm", x, rng.normal(size=4), rng.normal(size=4)), check=finite)
    yield Case("one_dimensional_input", Call("layer_norm", rng.normal(size=10), rng.normal(size=10), rng.normal(size=10)))
    yield Case("single_feature_D1", Call("layer_norm", rng.normal(size=(3, 1)), np.array([2.0]), np.array([0.3])))
    yield Case("eps_1_constant_and_varied_rows", Call("layer_norm", np.array([[3.0, 3.0, 3.0], [0.0, 1.0, 5.0]]),
                                                      np.ones(3), np.zeros(3), eps=1.0))
    yield Case("large_offset_rows", Call("layer_norm", 1e4 + rng.normal(size=(3, 8)), np.ones(8), np.zeros(8)),
               check=normalised_rows)
    yield Case("tiny_variance_rows", Call("layer_norm", 1.0 + 1e-3 * rng.normal(size=(3, 6)), np.ones(6), np.zeros(6)))
