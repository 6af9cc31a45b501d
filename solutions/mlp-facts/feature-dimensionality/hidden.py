"""Hidden cases for feature-dimensionality: random matrices with varied column norms, the named
geometries of the paper (antipodal pairs, pentagon, orthogonal), and zero columns."""
import numpy as np

from grader.protocol import Call, Case, Failure


def in_unit_interval(ctx):
    (out,) = ctx.outputs
    if not isinstance(out, np.ndarray):
        raise Failure("return an np.ndarray of shape (F,)")
    if np.isnan(out).any():
        raise Failure("the result contains NaN: give a zero column dimensionality 0")
    if (out < -1e-9).any() or (out > 1 + 1e-9).any():
        raise Failure("every dimensionality must lie in [0, 1]")


def sums_to_at_most_H(ctx):
    in_unit_interval(ctx)
    (out,) = ctx.outputs
    H = ctx.calls[0].args[0].shape[0]
    if out.sum() > H + 1e-6:
        raise Failure(f"the dimensionalities sum to {out.sum():.4f}, more than the H = {H} dimensions available")


def polygon(n, scale=1.0):
    angles = 2 * np.pi * np.arange(n) / n
    return scale * np.stack([np.cos(angles), np.sin(angles)])  # (2, n)


def cases():
    rng = np.random.default_rng(31)
    for H, F in [(2, 5), (5, 20), (10, 10), (3, 1)]:
        W = rng.normal(size=(H, F)) * rng.uniform(0.1, 3.0, size=F)  # columns of different lengths
        yield Case(f"random_H{H}_F{F}", Call("feature_dimensionality", W), check=sums_to_at_most_H)
    yield Case("pentagon_fifths_of_two", Call("feature_dimensionality", polygon(5, scale=1.7)), check=in_unit_interval)
    yield Case("antipodal_pairs_scaled", Call("feature_dimensionality",
                                              np.array([[2.0, -2.0, 0.0, 0.0], [0.0, 0.0, 0.5, -0.5]])))
    yield Case("orthogonal_scaled", Call("feature_dimensionality", np.diag([3.0, 0.2, 1.0])), check=in_unit_interval)
    W = rng.normal(size=(4, 7))
    W[:, [1, 5]] = 0.0
    yield Case("zero_columns", Call("feature_dimensionality", W), check=in_unit_interval)
    # H = 1: every feature lies on one line; lengths differ and one column is zero.
    yield Case("one_hidden_dimension", Call("feature_dimensionality", np.array([[2.0, -0.5, 0.0, 1.5, -3.0]])),
               check=sums_to_at_most_H)
    yield Case("all_zero", Call("feature_dimensionality", np.zeros((2, 3))), check=in_unit_interval)
    yield Case("large_values", Call("feature_dimensionality", rng.normal(size=(3, 6)) * 1e3))
