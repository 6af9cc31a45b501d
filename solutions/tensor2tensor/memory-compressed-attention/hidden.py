"""Hidden cases for memory-compressed-attention: shapes, heads, strides, the causal rule, properties, raises."""
import numpy as np

from grader.protocol import Call, Case, Failure


def make_params(rng, D, s):
    return {"W_Q": rng.normal(scale=D**-0.5, size=(D, D)), "W_K": rng.normal(scale=D**-0.5, size=(D, D)),
            "W_V": rng.normal(scale=D**-0.5, size=(D, D)), "W_O": rng.normal(scale=D**-0.5, size=(D, D)),
            "b_O": 0.1 * rng.normal(size=D),
            "conv_k": rng.normal(scale=(s * D) ** -0.5, size=(s, D, D)), "conv_k_b": 0.1 * rng.normal(size=D),
            "conv_v": rng.normal(scale=(s * D) ** -0.5, size=(s, D, D)), "conv_v_b": 0.1 * rng.normal(size=D)}


def float64_array(ctx):
    for out in ctx.outputs:
        if type(out) is not np.ndarray or out.dtype != np.float64:
            raise Failure(f"expected a float64 np.ndarray, got {getattr(out, 'dtype', type(out).__name__)}")


def equals_causal_attention(ctx):
    float64_array(ctx)
    (out,) = ctx.outputs
    x, p = ctx.calls[0].args
    H = ctx.calls[0].kwargs.get("n_heads", 1)
    B, T, D = x.shape
    Dh = D // H
    split = lambda y: y.reshape(B, T, H, Dh).transpose(0, 2, 1, 3)
    q, k, v = split(x @ p["W_Q"]), split(x @ p["W_K"]), split(x @ p["W_V"])
    sc = np.where(np.tril(np.ones((T, T), bool)), q @ k.swapaxes(-2, -1) / np.sqrt(Dh), -np.inf)
    a = np.exp(sc - sc.max(-1, keepdims=True))
    a /= a.sum(-1, keepdims=True)
    want = (a @ v).transpose(0, 2, 1, 3).reshape(B, T, D) @ p["W_O"] + p["b_O"]
    ctx.assert_close(out, want, "stride 1 with identity kernels vs ordinary causal attention")


def earlier_outputs_ignore_the_future(ctx):
    float64_array(ctx)
    a, b = ctx.outputs
    x1, x2 = ctx.calls[0].args[0], ctx.calls[1].args[0]
    first = int(np.flatnonzero(np.any(x1 != x2, axis=(0, 2)))[0])
    ctx.assert_close(b[:, :first], a[:, :first], f"outputs before position {first} after changing positions >= {first}")


def early_queries_get_bias(ctx):
    float64_array(ctx)
    (out,) = ctx.outputs
    p = ctx.calls[0].args[1]
    s = ctx.calls[0].kwargs.get("stride", 3)
    want = np.broadcast_to(p["b_O"], out[:, : s - 1].shape)
    ctx.assert_close(out[:, : s - 1], want, f"positions 0..{s - 2} see no complete slot: their output should be b_O")


def cases():
    rng = np.random.default_rng(60)
    for B, T, D, H in [(2, 9, 8, 2), (1, 12, 6, 3), (3, 6, 4, 1)]:
        yield Case(f"random_B{B}_T{T}_D{D}_H{H}",
                   Call("memory_compressed_attention", rng.normal(size=(B, T, D)), make_params(rng, D, 3), n_heads=H),
                   check=early_queries_get_bias)
    yield Case("not_causal", Call("memory_compressed_attention", rng.normal(size=(2, 12, 8)), make_params(rng, 8, 3),
                                  causal=False, n_heads=2), check=float64_array)
    yield Case("stride_2", Call("memory_compressed_attention", rng.normal(size=(2, 8, 6)), make_params(rng, 6, 2),
                                stride=2, n_heads=2), check=early_queries_get_bias)
    yield Case("stride_4_not_causal", Call("memory_compressed_attention", rng.normal(size=(1, 8, 4)), make_params(rng, 4, 4),
                                           stride=4, causal=False), check=float64_array)
    yield Case("single_slot", Call("memory_compressed_attention", rng.normal(size=(2, 3, 4)), make_params(rng, 4, 3)),
               check=early_queries_get_bias)
    p = make_params(rng, 6, 1)
    p["conv_k"], p["conv_v"] = np.eye(6)[None], np.eye(6)[None]
    p["conv_k_b"], p["conv_v_b"] = np.zeros(6), np.zeros(6)
    yield Case("stride_1_identity_is_causal_attention",
               Call("memory_compressed_attention", rng.normal(size=(2, 5, 6)), p, stride=1, n_heads=3),
               check=equals_causal_attention)
    p = make_params(rng, 8, 3)
    x1 = rng.normal(size=(2, 12, 8))
    x2 = x1.copy()
    x2[:, 7:] = rng.normal(size=(2, 5, 8))
    yield Case("causal_ignores_future", Call("memory_compressed_attention", x1, p, n_heads=2),
               Call("memory_compressed_attention", x2, p, n_heads=2), check=earlier_outputs_ignore_the_future)
    p = make_params(rng, 4, 1)
    yield Case("length_one_stride_one", Call("memory_compressed_attention", rng.normal(size=(3, 1, 4)), p, stride=1, n_heads=2),
               check=float64_array)
    yield Case("length_not_multiple_raises", Call("memory_compressed_attention", rng.normal(size=(1, 7, 4)), make_params(rng, 4, 3)))
    yield Case("kernel_length_mismatch_raises",
               Call("memory_compressed_attention", rng.normal(size=(1, 8, 4)), make_params(rng, 4, 3), stride=2))
    yield Case("shorter_than_stride_raises", Call("memory_compressed_attention", rng.normal(size=(1, 2, 4)), make_params(rng, 4, 3)))
    # one kernel right, the other with one tap too many (a loop over range(stride) would silently ignore the extra tap)
    p = make_params(rng, 4, 3)
    p["conv_v"] = rng.normal(size=(4, 4, 4))
    yield Case("conv_v_extra_tap_raises", Call("memory_compressed_attention", rng.normal(size=(1, 6, 4)), p))
    p = make_params(rng, 4, 3)
    p["conv_k"] = rng.normal(size=(4, 4, 4))
    yield Case("conv_k_extra_tap_raises", Call("memory_compressed_attention", rng.normal(size=(1, 6, 4)), p))
    p = make_params(rng, 4, 2)
    p["conv_v"] = rng.normal(size=(1, 4, 4))
    yield Case("conv_v_missing_tap_raises", Call("memory_compressed_attention", rng.normal(size=(1, 6, 4)), p, stride=2))
