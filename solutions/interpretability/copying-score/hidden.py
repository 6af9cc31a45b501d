"""Hidden cases for copying-score: random heads against eigvals of the (V, V) circuit, edge heads, large V."""
import numpy as np

from grader.protocol import Call, Case, Failure


def _case(name, *calls, **kw):
    """A Case that accepts a Python float or a NumPy float scalar (the statement allows both)."""
    return Case(name, *calls, exact_types=False, **kw)


def matches_full_circuit(ctx):
    (score,) = ctx.outputs
    W_E, W_V, W_O, W_U = ctx.calls[0].args
    lam = np.linalg.eigvals(W_E @ W_V @ W_O @ W_U)  # the (V, V) circuit itself: small V only
    want = float(lam.sum().real / np.abs(lam).sum())
    if not -1 - 1e-9 <= float(score) <= 1 + 1e-9:
        raise Failure(f"a copying score lies in [-1, 1]; got {float(score):.6g}")
    ctx.assert_close(float(score), want, "score vs the eigenvalues of W_E W_V W_O W_U")


def head(rng, V, D, Dh):
    return (rng.normal(size=(V, D)), rng.normal(size=(D, Dh)) / np.sqrt(D),
            rng.normal(size=(Dh, D)) / np.sqrt(Dh), rng.normal(size=(D, V)) / np.sqrt(D))


def cases():
    rng = np.random.default_rng(39)
    for V, D, Dh in [(6, 4, 2), (20, 8, 4), (15, 10, 3), (40, 12, 6)]:
        yield _case(f"random_V{V}_D{D}_Dh{Dh}", Call("copying_score", *head(rng, V, D, Dh)), check=matches_full_circuit)
    # A copying head: W_U = W_E^T and a positive semi-definite W_V W_O make every eigenvalue >= 0.
    W_E = rng.normal(size=(12, 6))
    W_V = rng.normal(size=(6, 3))
    yield _case("planted_copying_head", Call("copying_score", W_E, W_V, W_V.T.copy(), W_E.T.copy()), check=matches_full_circuit)
    yield _case("anti_copying_head", Call("copying_score", W_E, W_V, -W_V.T, W_E.T.copy()), check=matches_full_circuit)
    W_E, W_V, W_O, W_U = head(rng, 10, 6, 1)  # Dh = 1: a single real eigenvalue, score exactly +-1
    yield _case("one_dim_head", Call("copying_score", W_E, W_V, W_O, W_U), check=matches_full_circuit)
    I = np.eye(5)
    yield _case("identity_ov", Call("copying_score", I, I, I, I), check=matches_full_circuit)
    rot = np.array([[0.0, -1.0], [1.0, 0.0]])
    yield _case("rotation_ov", Call("copying_score", np.eye(2), np.eye(2), rot, np.eye(2)))
    W_E, W_V, W_O, W_U = head(rng, 8, 4, 2)
    yield _case("zero_output_weights", Call("copying_score", W_E, W_V, np.zeros_like(W_O), W_U))
    # V = 3000: eigvals of the (V, V) circuit take far longer than the 3 s limit; (Dh, Dh) is instant.
    yield _case("large_vocab_3000", Call("copying_score", *head(rng, 3000, 16, 4)))
