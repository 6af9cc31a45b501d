"""Hidden cases for composition-scores: random matrices and layers, planted compositions, bounds."""
import numpy as np

from grader.protocol import Call, Case, Failure


def layer(rng, H, D, Dh):
    return {"W_Q": rng.normal(size=(H, D, Dh)), "W_K": rng.normal(size=(H, D, Dh)),
            "W_V": rng.normal(size=(H, D, Dh)), "W_O": rng.normal(size=(H, Dh, D))}


def scores_in_unit_interval(ctx):
    (out,) = ctx.outputs
    if not isinstance(out, dict) or sorted(out) != ["k", "q", "v"]:
        raise Failure("return a dict with exactly the keys 'q', 'k' and 'v'")
    for name, s in out.items():
        s = np.asarray(s)
        if np.any(s < -1e-12) or np.any(s > 1 + 1e-9):
            raise Failure(f"a {name}-composition score lies outside [0, 1]")


def planted(ctx):
    (out,) = ctx.outputs
    # head 0 of layer 0 writes into dims 0-1; layer-1 head 0 reads them with its key only,
    # head 1 with its query only, head 2 with its value only
    want = {"q": (1, 0), "k": (0, 1), "v": (2, 0)}
    for name, (hi, lo) in want.items():
        s = np.asarray(out[name])[0]
        if not s[hi] > 0.05 or not abs(s[lo]) < 1e-9:
            raise Failure(f"{name}-composition: layer-1 head {hi} reads layer-0 head 0 through its "
                          f"{ {'q': 'query', 'k': 'key', 'v': 'value'}[name]} and should score > 0, "
                          f"head {lo} should score 0")


def cases():
    rng = np.random.default_rng(40)
    for p, q, s in [(4, 4, 4), (6, 3, 5), (8, 8, 8)]:
        yield Case(f"score_{p}x{q}x{s}", Call("composition_score", rng.normal(size=(p, q)), rng.normal(size=(q, s))))
    A = np.zeros((4, 4))
    A[0, 1] = 2.0
    B = np.zeros((4, 4))
    B[2, 3] = -1.0
    yield Case("score_orthogonal_is_zero", Call("composition_score", A, B + np.diag([1.0, 0, 0, 0])))
    for H0, H1, D, Dh in [(2, 3, 8, 2), (4, 4, 16, 4), (1, 2, 6, 3)]:
        yield Case(f"layers_H{H0}x{H1}_D{D}_Dh{Dh}", Call("composition_scores", layer(rng, H0, D, Dh), layer(rng, H1, D, Dh)),
                   check=scores_in_unit_interval)
    D, Dh = 6, 2
    l0 = layer(rng, 1, D, Dh)
    l0["W_O"][:, :, 2:] = 0.0  # layer-0 head writes only into dims 0, 1
    l1 = layer(rng, 3, D, Dh)
    for w in ("W_Q", "W_K", "W_V"):
        l1[w][:, :2, :] = 0.0  # by default no layer-1 head reads dims 0, 1 ...
    l1["W_K"][0, :2, :] = rng.normal(size=(2, Dh))  # ... except head 0 through its keys,
    l1["W_Q"][1, :2, :] = rng.normal(size=(2, Dh))  # head 1 through its queries,
    l1["W_V"][2, :2, :] = rng.normal(size=(2, Dh))  # head 2 through its values
    yield Case("planted_q_k_v_composition", Call("composition_scores", l0, l1), check=planted)
