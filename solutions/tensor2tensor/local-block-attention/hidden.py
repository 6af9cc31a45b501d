"""Hidden cases for local-block-attention: shapes, heads, short last block, block sizes 1 and >= T, properties."""
import numpy as np

from grader.protocol import Call, Case, Failure


def make_params(rng, D):
    return {"W_Q": rng.normal(scale=D**-0.5, size=(D, D)), "W_K": rng.normal(scale=D**-0.5, size=(D, D)),
            "W_V": rng.normal(scale=D**-0.5, size=(D, D)), "W_O": rng.normal(scale=D**-0.5, size=(D, D)),
            "b_O": 0.1 * rng.normal(size=D)}


def dense_attention(x, p, allowed, H):
    """Plain multi-head attention over the full (T, T) score matrix with a boolean mask."""
    B, T, D = x.shape
    Dh = D // H
    split = lambda y: y.reshape(B, T, H, Dh).transpose(0, 2, 1, 3)
    q, k, v = split(x @ p["W_Q"]), split(x @ p["W_K"]), split(x @ p["W_V"])
    s = np.where(allowed, q @ k.swapaxes(-2, -1) / np.sqrt(Dh), -np.inf)
    a = np.exp(s - s.max(-1, keepdims=True))
    a /= a.sum(-1, keepdims=True)
    return (a @ v).transpose(0, 2, 1, 3).reshape(B, T, D) @ p["W_O"] + p["b_O"]


def local_mask(T, b, causal):
    i, j = np.arange(T)[:, None], np.arange(T)[None, :]
    m = (j // b >= i // b - 1) & (j // b <= i // b)
    return m & (j <= i) if causal else m


def float64_array(ctx):
    for out in ctx.outputs:
        if type(out) is not np.ndarray or out.dtype != np.float64:
            raise Failure(f"expected a float64 np.ndarray, got {getattr(out, 'dtype', type(out).__name__)}")


def equals_masked_full_attention(ctx):
    float64_array(ctx)
    (out,) = ctx.outputs
    call = ctx.calls[0]
    x, p, b = call.args
    causal, H = call.kwargs.get("causal", True), call.kwargs.get("n_heads", 1)
    want = dense_attention(x, p, local_mask(x.shape[1], b, causal), H)
    ctx.assert_close(out, want, "local block attention vs full attention with the block mask")


def equals_causal_attention(ctx):
    float64_array(ctx)
    (out,) = ctx.outputs
    x, p, b = ctx.calls[0].args
    T = x.shape[1]
    want = dense_attention(x, p, np.tril(np.ones((T, T), bool)), ctx.calls[0].kwargs.get("n_heads", 1))
    ctx.assert_close(out, want, "with block >= T, local attention vs ordinary causal attention")


def cases():
    rng = np.random.default_rng(61)
    for B, T, D, H, b in [(2, 8, 8, 2, 4), (1, 10, 6, 3, 3), (3, 9, 4, 1, 2)]:
        yield Case(f"random_B{B}_T{T}_D{D}_H{H}_block{b}",
                   Call("local_block_attention", rng.normal(size=(B, T, D)), make_params(rng, D), b, n_heads=H),
                   check=equals_masked_full_attention)
    yield Case("short_last_block", Call("local_block_attention", rng.normal(size=(2, 11, 8)), make_params(rng, 8), 4,
                                        n_heads=2), check=equals_masked_full_attention)
    yield Case("not_causal", Call("local_block_attention", rng.normal(size=(2, 10, 8)), make_params(rng, 8), 3,
                                  causal=False, n_heads=4), check=equals_masked_full_attention)
    yield Case("not_causal_short_last_block", Call("local_block_attention", rng.normal(size=(1, 7, 4)), make_params(rng, 4),
                                                   3, causal=False), check=equals_masked_full_attention)
    yield Case("block_one", Call("local_block_attention", rng.normal(size=(2, 6, 4)), make_params(rng, 4), 1, n_heads=2),
               check=equals_masked_full_attention)
    yield Case("block_covers_sequence", Call("local_block_attention", rng.normal(size=(2, 5, 6)), make_params(rng, 6), 8,
                                             n_heads=3), check=equals_causal_attention)
    yield Case("length_one", Call("local_block_attention", rng.normal(size=(2, 1, 4)), make_params(rng, 4), 3), check=float64_array)
    yield Case("default_single_head_causal", Call("local_block_attention", rng.normal(size=(1, 12, 5)), make_params(rng, 5), 4),
               check=equals_masked_full_attention)
    yield Case("block_equals_length", Call("local_block_attention", rng.normal(size=(2, 6, 4)), make_params(rng, 4), 6, n_heads=2),
               check=equals_causal_attention)
    yield Case("block_one_not_causal", Call("local_block_attention", rng.normal(size=(1, 7, 4)), make_params(rng, 4), 1,
                                            causal=False), check=equals_masked_full_attention)
    yield Case("one_head_per_dimension", Call("local_block_attention", rng.normal(size=(2, 9, 3)), make_params(rng, 3), 2,
                                              n_heads=3), check=equals_masked_full_attention)
