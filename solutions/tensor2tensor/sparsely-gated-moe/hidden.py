"""Hidden cases for sparsely-gated-moe: random layers, k = 1 and k = E, ties, idle experts, large logits, raises."""
import numpy as np

from grader.protocol import Call, Case, Failure


def make(rng, N, D, E, Hd, D_out=None, scale=1.0):
    D_out = D_out or D
    experts = {"W1": rng.normal(scale=D**-0.5, size=(E, D, Hd)), "b1": 0.1 * rng.normal(size=(E, Hd)),
               "W2": rng.normal(scale=Hd**-0.5, size=(E, Hd, D_out)), "b2": 0.1 * rng.normal(size=(E, D_out))}
    return (scale * rng.normal(size=(N, D)), rng.normal(size=(D, E)), 0.5 * rng.normal(size=(D, E)), experts)


def exact_types(ctx):
    for out in ctx.outputs:
        if type(out) is not tuple or len(out) != 4:
            raise Failure(f"moe_layer should return a tuple (y, gates, importance_loss, load_loss), got a {type(out).__name__}")
        for name, v in zip(("y", "gates"), out[:2]):
            if type(v) is not np.ndarray or v.dtype != np.float64:
                raise Failure(f"{name} should be a float64 np.ndarray, got {getattr(v, 'dtype', type(v).__name__)}")
        for name, v in zip(("importance_loss", "load_loss"), out[2:]):
            if type(v) is not float:
                raise Failure(f"{name} should be a Python float, got a {type(v).__name__}")


def k_sparse_gates(ctx):
    exact_types(ctx)
    y, gates, l_imp, l_load = ctx.outputs[0]
    k = ctx.calls[0].args[4]
    ctx.assert_close(gates.sum(1), np.ones(gates.shape[0]), "each token's gates should sum to 1")
    counts = np.count_nonzero(gates, axis=1)
    if (counts != k).any():
        raise Failure(f"a token has {int(counts[counts != k][0])} non-zero gates, expected exactly k={k}")
    imp = gates.sum(0)
    ctx.assert_close(l_imp, float(np.var(imp) / np.mean(imp) ** 2), "importance loss vs CV^2 of your own gates' column sums")


def cases():
    rng = np.random.default_rng(64)
    for N, D, E, k, Hd in [(6, 4, 4, 2, 8), (10, 3, 6, 1, 5), (8, 5, 5, 3, 6)]:
        x, Wg, Wn, ex = make(rng, N, D, E, Hd)
        yield Case(f"random_N{N}_E{E}_k{k}", Call("moe_layer", x, Wg, Wn, ex, k, rng.normal(size=(N, E))), check=k_sparse_gates)
    x, Wg, Wn, ex = make(rng, 5, 4, 3, 6, D_out=2)
    yield Case("output_width_differs", Call("moe_layer", x, Wg, Wn, ex, 2, rng.normal(size=(5, 3))), check=k_sparse_gates)
    x, Wg, Wn, ex = make(rng, 6, 3, 4, 5)
    yield Case("no_noise", Call("moe_layer", x, Wg, Wn, ex, 2, np.zeros((6, 4))), check=k_sparse_gates)
    x, Wg, Wn, ex = make(rng, 5, 3, 4, 4)
    yield Case("k_equals_E", Call("moe_layer", x, Wg, Wn, ex, 4, rng.normal(size=(5, 4))), check=k_sparse_gates)
    x, Wg, Wn, ex = make(rng, 4, 3, 1, 4)
    yield Case("single_expert", Call("moe_layer", x, Wg, Wn, ex, 1, rng.normal(size=(4, 1))), check=exact_types)
    # x = 0: every logit is 0 and every noise scale softplus(0) = ln 2; with zero noise all experts tie
    _, Wg, Wn, ex = make(rng, 3, 4, 5, 4)
    yield Case("all_scores_tied", Call("moe_layer", np.zeros((3, 4)), Wg, Wn, ex, 2, np.zeros((3, 5))), check=k_sparse_gates)
    # two tokens, eight experts: most experts get no token at all
    x, Wg, Wn, ex = make(rng, 2, 4, 8, 4)
    yield Case("idle_experts", Call("moe_layer", x, Wg, Wn, ex, 2, rng.normal(size=(2, 8))), check=k_sparse_gates)
    # x @ W_noise in the thousands (positive, so the noise scale is large, never ~0): a naive softplus overflows
    x, Wg, Wn, ex = make(rng, 6, 4, 4, 5)
    x = np.abs(x) + 0.5
    Wn = 300.0 * (1.0 + rng.random(size=(4, 4)))
    yield Case("large_noise_logits", Call("moe_layer", x, 30.0 * Wg, Wn, ex, 2, rng.normal(size=(6, 4))), check=exact_types)
    # 20 experts, integer inputs and gate weights, no noise: many exact ties in every row, where the default
    # (unstable) np.argsort breaks them differently from the stable one
    _, _, Wn, ex = make(rng, 8, 3, 20, 4)
    xi = rng.integers(-1, 2, size=(8, 3)).astype(float)
    Wgi = rng.integers(-1, 2, size=(3, 20)).astype(float)
    yield Case("twenty_experts_tied_logits_k3", Call("moe_layer", xi, Wgi, Wn, ex, 3, np.zeros((8, 20))), check=k_sparse_gates)
    yield Case("twenty_experts_tied_logits_k1", Call("moe_layer", xi, Wgi, Wn, ex, 1, np.zeros((8, 20))), check=k_sparse_gates)
    x, Wg, Wn, ex = make(rng, 3, 2, 3, 2)
    yield Case("k_zero_raises", Call("moe_layer", x, Wg, Wn, ex, 0, np.zeros((3, 3))))
    yield Case("k_negative_raises", Call("moe_layer", x, Wg, Wn, ex, -1, np.zeros((3, 3))))
    yield Case("k_above_E_raises", Call("moe_layer", x, Wg, Wn, ex, 4, np.zeros((3, 3))))
