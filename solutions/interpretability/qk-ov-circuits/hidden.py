"""Hidden cases for qk-ov-circuits: random heads, brute force through the head, edge cases."""
import numpy as np

from grader.protocol import Call, Case, Failure


def qk_matches_brute_force(ctx):
    (out,) = ctx.outputs
    W_E, W_Q, W_K = ctx.calls[0].args
    V = W_E.shape[0]
    out = np.asarray(out)
    if out.shape != (V, V):
        raise Failure(f"full_qk has shape {out.shape}, expected (V, V) = {(V, V)}")
    for i in range(V):  # query token i, every key token j, pushed through the head one token at a time
        for j in range(V):
            score = float((W_E[i] @ W_Q) @ (W_E[j] @ W_K))
            if not np.isclose(out[i, j], score, rtol=ctx.rtol, atol=ctx.atol):
                raise Failure(f"full_qk[{i}, {j}] should be the (unscaled) score of query token {i} "
                              f"on key token {j}: got {out[i, j]:.6g}, expected {score:.6g}")


def ov_matches_brute_force(ctx):
    (out,) = ctx.outputs
    W_E, W_V, W_O, W_U = ctx.calls[0].args
    V = W_E.shape[0]
    out = np.asarray(out)
    if out.shape != (V, W_U.shape[1]):
        raise Failure(f"full_ov has shape {out.shape}, expected (V, V) = {(V, W_U.shape[1])}")
    for i in range(V):  # all attention on source token i: value, output, unembed
        logits = ((W_E[i] @ W_V) @ W_O) @ W_U
        if not np.allclose(out[i], logits, rtol=ctx.rtol, atol=ctx.atol):
            raise Failure(f"row {i} of full_ov should be the logits written when the head attends only "
                          f"to source token {i}")


def head(rng, V, D, Dh):
    return (rng.normal(size=(V, D)), rng.normal(size=(D, Dh)) / np.sqrt(D),
            rng.normal(size=(D, Dh)) / np.sqrt(D), rng.normal(size=(Dh, D)) / np.sqrt(Dh), rng.normal(size=(D, V)))


def cases():
    rng = np.random.default_rng(37)
    for V, D, Dh in [(5, 4, 2), (12, 8, 4), (9, 6, 6), (30, 16, 3)]:
        W_E, W_Q, W_K, W_O, W_U = head(rng, V, D, Dh)
        W_V = rng.normal(size=(D, Dh)) / np.sqrt(D)
        yield Case(f"qk_V{V}_D{D}_Dh{Dh}", Call("full_qk", W_E, W_Q, W_K), check=qk_matches_brute_force)
        yield Case(f"ov_V{V}_D{D}_Dh{Dh}", Call("full_ov", W_E, W_V, W_O, W_U), check=ov_matches_brute_force)
    W_E, W_Q, W_K, W_O, W_U = head(rng, 7, 5, 1)
    yield Case("qk_one_dim_head", Call("full_qk", W_E, W_Q, W_K), check=qk_matches_brute_force)
    yield Case("ov_zero_output_weights", Call("full_ov", W_E, W_Q, np.zeros_like(W_O), W_U), check=ov_matches_brute_force)
    E = np.eye(6)
    yield Case("ov_identity_copies", Call("full_ov", E, E[:, :6], E, E), check=ov_matches_brute_force)
    W_E, W_Q, W_K, _, _ = head(rng, 1, 3, 2)
    yield Case("qk_single_token", Call("full_qk", W_E, W_Q, W_K), check=qk_matches_brute_force)
