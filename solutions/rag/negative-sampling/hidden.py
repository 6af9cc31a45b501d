"""Hidden cases for negative-sampling: random vectors, huge scores, K = 1, noise distributions."""
import numpy as np

from grader.protocol import Call, Case, Failure


def sums_to_one(ctx):
    (p,) = ctx.outputs
    ctx.assert_close(float(np.sum(p)), 1.0, "sum of the noise distribution")
    if np.any(np.asarray(p) < 0):
        raise Failure("a noise probability is negative")


def loss_is_finite_and_positive(ctx):
    loss = ctx.outputs[0][0]
    if not np.isfinite(loss) or loss < 0:
        raise Failure(f"the loss is {loss}; it must be finite and >= 0 (use np.logaddexp for log sigmoid)")


def cases():
    rng = np.random.default_rng(47)
    for d, K in [(4, 3), (8, 5), (16, 1), (3, 10)]:
        v, u, U = rng.normal(size=d), rng.normal(size=d), rng.normal(size=(K, d))
        yield Case(f"random_d{d}_K{K}", Call("sgns_loss_and_grads", v, u, U), check=loss_is_finite_and_positive)
    v = np.array([30.0, -20.0, 10.0])
    yield Case("huge_scores_both_signs", Call("sgns_loss_and_grads", v, 40.0 * v, np.stack([-40.0 * v, 40.0 * v, v])),
               check=loss_is_finite_and_positive)
    yield Case("zero_vectors", Call("sgns_loss_and_grads", np.zeros(5), rng.normal(size=5), rng.normal(size=(2, 5))))
    yield Case("noise_random_counts", Call("noise_distribution", rng.integers(0, 1000, size=20)), check=sums_to_one)
    yield Case("noise_with_zero_counts", Call("noise_distribution", np.array([0, 5, 0, 7, 1])), check=sums_to_one)
    yield Case("noise_float_counts_power_half", Call("noise_distribution", np.array([0.5, 2.0, 8.0]), power=0.5), check=sums_to_one)
    yield Case("noise_power_one_is_unigram", Call("noise_distribution", np.array([3, 1, 6]), power=1.0), check=sums_to_one)
    yield Case("noise_all_zero_raises", Call("noise_distribution", np.zeros(4)))
    yield Case("noise_negative_raises", Call("noise_distribution", np.array([3, -1, 2])))
