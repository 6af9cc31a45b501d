"""Hidden cases for negative-sampling: random vectors, huge scores, K = 1, zero vectors, noise distributions
(int and float counts, default and other powers, a single word), bad counts, exact output types."""
import numpy as np

from grader.protocol import Call, Case, Failure


def sums_to_one(ctx):
    (p,) = ctx.outputs
    if type(p) is not np.ndarray:
        raise Failure(f"noise_distribution should return an np.ndarray, got a {type(p).__name__}")
    if p.dtype != np.float64:
        raise Failure(f"the noise distribution should have dtype float64, got {p.dtype}")
    ctx.assert_close(float(np.sum(p)), 1.0, "sum of the noise distribution")
    if np.any(np.asarray(p) < 0):
        raise Failure("a noise probability is negative")


def loss_is_finite_and_positive(ctx):
    out = ctx.outputs[0]
    if type(out) is not tuple or len(out) != 4:
        raise Failure(f"sgns_loss_and_grads should return a tuple of 4 (loss, grad_v_in, grad_u_pos, grad_U_neg), "
                      f"got a {type(out).__name__}")
    loss = out[0]
    if not isinstance(loss, (float, np.floating)):
        raise Failure(f"the loss should be a Python float, got a {type(loss).__name__}")
    if not np.isfinite(loss) or loss < 0:
        raise Failure(f"the loss is {loss}; it must be finite and >= 0 (use np.logaddexp for log sigmoid)")
    for name, g in zip(("grad_v_in", "grad_u_pos", "grad_U_neg"), out[1:]):
        if type(g) is not np.ndarray:
            raise Failure(f"{name} should be an np.ndarray, got a {type(g).__name__}")


def cases():
    rng = np.random.default_rng(47)
    # the loss may be a Python float or a NumPy float scalar (the statement allows both)
    sgns = dict(check=loss_is_finite_and_positive, exact_types=False)
    for d, K in [(4, 3), (8, 5), (16, 1), (3, 10)]:
        v, u, U = rng.normal(size=d), rng.normal(size=d), rng.normal(size=(K, d))
        yield Case(f"random_d{d}_K{K}", Call("sgns_loss_and_grads", v, u, U), **sgns)
    v = np.array([30.0, -20.0, 10.0])
    yield Case("huge_scores_both_signs", Call("sgns_loss_and_grads", v, 40.0 * v, np.stack([-40.0 * v, 40.0 * v, v])), **sgns)
    # the scores the statement names: the true word at -5000, a noise word at +5000
    v = np.array([50.0, 50.0])
    yield Case("scores_at_plus_minus_5000", Call("sgns_loss_and_grads", v, np.array([-50.0, -50.0]), np.array([[50.0, 50.0], [-50.0, -50.0]])),
               **sgns)
    yield Case("zero_vectors", Call("sgns_loss_and_grads", np.zeros(5), rng.normal(size=5), rng.normal(size=(2, 5))), **sgns)
    yield Case("noise_random_counts", Call("noise_distribution", rng.integers(0, 1000, size=20)), check=sums_to_one)
    yield Case("noise_with_zero_counts", Call("noise_distribution", np.array([0, 5, 0, 7, 1])), check=sums_to_one)
    yield Case("noise_float_counts_power_half", Call("noise_distribution", np.array([0.5, 2.0, 8.0]), power=0.5), check=sums_to_one)
    yield Case("noise_float_counts_default_power", Call("noise_distribution", np.array([0.0, 3.5, 1.0, 12.0])), check=sums_to_one)
    yield Case("noise_power_one_is_unigram", Call("noise_distribution", np.array([3, 1, 6]), power=1.0), check=sums_to_one)
    yield Case("noise_small_power_keeps_zero_counts_at_zero", Call("noise_distribution", np.array([0, 2, 0, 9]), power=0.1),
               check=sums_to_one)
    yield Case("noise_single_word", Call("noise_distribution", np.array([4])), check=sums_to_one)
    yield Case("noise_all_zero_raises", Call("noise_distribution", np.zeros(4)))
    yield Case("noise_negative_raises", Call("noise_distribution", np.array([3, -1, 2])))
    yield Case("noise_negative_with_zeros_raises", Call("noise_distribution", np.array([0.0, -0.5, 0.0])))
