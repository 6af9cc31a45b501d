"""Hidden cases for path-expansion: random one-layer models, the parts sum to a plain forward pass."""
import numpy as np

from grader.protocol import Call, Case, Failure


def forward_logits(tokens, W_E, heads, W_U):
    """An independent forward pass, one query position and one head at a time."""
    x = W_E[tokens]
    resid = x.copy()
    H, _, Dh = heads["W_Q"].shape
    for h in range(H):
        for t in range(len(tokens)):
            q = x[t] @ heads["W_Q"][h]
            s = np.array([q @ (x[j] @ heads["W_K"][h]) for j in range(t + 1)]) / np.sqrt(Dh)
            w = np.exp(s - s.max())
            w /= w.sum()
            resid[t] += sum(w[j] * (x[j] @ heads["W_V"][h]) for j in range(t + 1)) @ heads["W_O"][h]
    return resid @ W_U


def parts_sum_to_logits(ctx):
    if type(ctx.outputs[0]) is not tuple or len(ctx.outputs[0]) != 2:
        raise Failure(f"return a tuple (direct, per_head), not a {type(ctx.outputs[0]).__name__}")
    direct, per_head = (np.asarray(a) for a in ctx.outputs[0])
    tokens, W_E, heads, W_U = ctx.calls[0].args
    T, V, H = len(tokens), W_U.shape[1], heads["W_Q"].shape[0]
    if direct.shape != (T, V) or per_head.shape != (H, T, V):
        raise Failure(f"expected direct (T, V) = {(T, V)} and per_head (H, T, V) = {(H, T, V)}, "
                      f"got {direct.shape} and {per_head.shape}")
    ctx.assert_close(direct + per_head.sum(0), forward_logits(tokens, W_E, heads, W_U), "direct + sum of heads vs the model's logits")


def model(rng, V, D, H, Dh, qk_scale=1.0):
    heads = {"W_Q": qk_scale * rng.normal(size=(H, D, Dh)), "W_K": rng.normal(size=(H, D, Dh)),
             "W_V": rng.normal(size=(H, D, Dh)) / np.sqrt(D), "W_O": rng.normal(size=(H, Dh, D)) / np.sqrt(Dh)}
    return rng.normal(size=(V, D)), heads, rng.normal(size=(D, V)) / np.sqrt(D)


def cases():
    rng = np.random.default_rng(41)
    for T, V, D, H, Dh in [(4, 7, 6, 2, 3), (9, 11, 8, 4, 2), (6, 5, 4, 1, 4), (12, 20, 16, 3, 5)]:
        W_E, heads, W_U = model(rng, V, D, H, Dh)
        tokens = rng.integers(0, V, size=T)
        yield Case(f"random_T{T}_V{V}_H{H}_Dh{Dh}", Call("path_expansion", tokens, W_E, heads, W_U), check=parts_sum_to_logits)
    W_E, heads, W_U = model(rng, 6, 5, 2, 2)
    yield Case("single_token", Call("path_expansion", np.array([3]), W_E, heads, W_U), check=parts_sum_to_logits)
    W_E, heads, W_U = model(rng, 8, 6, 3, 2, qk_scale=8.0)
    yield Case("sharp_attention", Call("path_expansion", rng.integers(0, 8, size=10), W_E, heads, W_U), check=parts_sum_to_logits)
    # Scores of order 1e4: exp overflows without the max shift the statement asks for.
    W_E, heads, W_U = model(rng, 7, 6, 2, 3, qk_scale=2000.0)
    yield Case("overflow_sized_scores", Call("path_expansion", rng.integers(0, 7, size=8), W_E, heads, W_U),
               check=parts_sum_to_logits)
    W_E, heads, W_U = model(rng, 5, 4, 2, 2)
    heads["W_O"][1] = 0.0
    yield Case("silent_head", Call("path_expansion", np.array([0, 4, 4, 1, 0]), W_E, heads, W_U), check=parts_sum_to_logits)
    W_E, heads, W_U = model(rng, 4, 6, 2, 3)
    yield Case("repeated_token", Call("path_expansion", np.array([2, 2, 2, 2, 2, 2]), W_E, heads, W_U), check=parts_sum_to_logits)
