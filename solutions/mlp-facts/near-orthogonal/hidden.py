"""Hidden cases for near-orthogonal: judged by properties only (any valid packing passes)."""
import numpy as np

from grader.protocol import Call, Case, Failure

MAX_COS = 0.35


def _check_packing(out, n, d):
    if not isinstance(out, np.ndarray) or out.dtype.kind != "f":
        raise Failure("return a float np.ndarray of shape (n, d)")
    if out.shape != (n, d):
        raise Failure(f"the packing has shape {out.shape}, expected (n, d) = ({n}, {d})")
    if not np.isfinite(out).all():
        raise Failure("the packing contains NaN or inf")
    norms = np.linalg.norm(out, axis=1)
    worst = int(np.argmax(np.abs(norms - 1.0)))
    if abs(norms[worst] - 1.0) > 1e-6:
        raise Failure(f"row {worst} has norm {norms[worst]:.6g}; every row must be a unit vector (within 1e-6)")
    if n > 1:
        cos = (out / norms[:, None]) @ (out / norms[:, None]).T
        np.fill_diagonal(cos, 0.0)
        i, j = np.unravel_index(int(np.argmax(np.abs(cos))), cos.shape)
        if abs(cos[i, j]) >= MAX_COS:
            raise Failure(f"rows {i} and {j} have |cos| = {abs(cos[i, j]):.4f}; every pair must stay below {MAX_COS}")


def valid_packing(ctx):
    for call, out in zip(ctx.calls, ctx.outputs):
        n, d, _ = call.args
        _check_packing(out, n, d)


def deterministic(ctx):
    valid_packing(ctx)
    first, second = ctx.outputs
    if not np.allclose(first, second, rtol=0.0, atol=1e-12):
        raise Failure("two calls with the same (n, d, seed) returned different packings; "
                      "draw every random number from np.random.default_rng(seed)")


def cases():
    for n, d, seed in [(500, 50, 0), (500, 50, 2026), (200, 40, 5), (64, 16, 3), (50, 50, 11), (20, 64, 1)]:
        yield Case(f"pack_{n}_in_{d}d_seed{seed}", Call("pack_directions", n, d, seed), compare=False, reference=False, check=valid_packing)
    yield Case("single_vector", Call("pack_directions", 1, 8, 4), compare=False, reference=False, check=valid_packing)
    yield Case("same_seed_same_packing", Call("pack_directions", 300, 40, 9), Call("pack_directions", 300, 40, 9),
               compare=False, reference=False, check=deterministic)
