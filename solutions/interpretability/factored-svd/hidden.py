"""Hidden cases for factored-svd: small products against a full SVD, edge ranks, one large product."""
import numpy as np

from grader.protocol import Call, Case, Failure


def matches_full_svd(ctx):
    (S,) = ctx.outputs
    A, B = ctx.calls[0].args
    full = np.linalg.svd(A @ B, compute_uv=False)  # (min(m, n),): fine at these sizes
    k = min(A.shape[0], B.shape[1], A.shape[1])
    S = np.asarray(S)
    if S.shape != (k,):
        raise Failure(f"expected the {k} = min(m, n, r) largest singular values, got shape {S.shape}")
    if np.any(np.diff(S) > 1e-9 * max(1.0, float(np.abs(S).max(initial=0.0)))):
        raise Failure("singular values must be sorted in descending order")
    ctx.assert_close(S, full[:k], "singular values vs np.linalg.svd(A @ B)")


def cases():
    rng = np.random.default_rng(38)
    for m, r, n in [(6, 2, 5), (20, 4, 30), (40, 8, 12), (3, 5, 4), (7, 1, 9), (10, 10, 10), (1, 3, 6), (5, 4, 1), (1, 1, 1)]:
        A, B = rng.normal(size=(m, r)), rng.normal(size=(r, n))
        yield Case(f"random_{m}x{r}x{n}", Call("factored_svd", A, B), check=matches_full_svd)
    A = rng.normal(size=(15, 4))
    A[:, 3] = A[:, 0] - 2 * A[:, 1]  # rank 3: the smallest singular value is 0
    yield Case("rank_deficient", Call("factored_svd", A, rng.normal(size=(4, 11))), check=matches_full_svd)
    yield Case("zero_factor", Call("factored_svd", np.zeros((8, 3)), rng.normal(size=(3, 6))), check=matches_full_svd)
    yield Case("large_values", Call("factored_svd", 1e3 * rng.normal(size=(9, 3)), rng.normal(size=(3, 9))), check=matches_full_svd)
    # m = n = 5000, r = 8: forming AB (200 MB) and a full SVD takes minutes; the factored way, milliseconds.
    yield Case("large_5000x8x5000", Call("factored_svd", rng.normal(size=(5000, 8)), rng.normal(size=(8, 5000)) / 70))
