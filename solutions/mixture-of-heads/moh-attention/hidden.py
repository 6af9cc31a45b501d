"""Hidden cases for moh-attention: random shapes and head splits, causal and not, all gates 1 equals
multi-head attention, an unselected head's weights have no effect, bad head counts and k."""
import math

import torch

from grader.protocol import Call, Case, Failure


def params(gen, D, H, Dh):
    rnd = lambda *s: torch.randn(*s, generator=gen) / math.sqrt(s[-2] if len(s) > 1 else 1)
    return {"W_Q": rnd(H, D, Dh), "W_K": rnd(H, D, Dh), "W_V": rnd(H, D, Dh), "W_O": rnd(H, Dh, D), "b_O": torch.randn(D, generator=gen)}


def gates(gen, D, h_s, h_r):
    return {"W_s": torch.randn(D, h_s, generator=gen), "W_r": torch.randn(D, h_r, generator=gen), "W_h": torch.randn(D, 2, generator=gen)}


def plain_mha(x, p, causal):
    q, k, v = (torch.einsum("btd,hde->bhte", x, p[n]) for n in ("W_Q", "W_K", "W_V"))
    att = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if causal:
        T = x.shape[1]
        att = att.masked_fill(~torch.ones(T, T, dtype=torch.bool).tril(), float("-inf"))
    return torch.einsum("bhte,hed->btd", torch.softmax(att, -1) @ v, p["W_O"]) + p["b_O"]


def float32_out(ctx):
    for y in ctx.outputs:
        if not isinstance(y, torch.Tensor) or y.dtype != torch.float32:
            raise Failure(f"moh_attention should return a float32 torch.Tensor, got {getattr(y, 'dtype', type(y).__name__)}")


def equals_mha(ctx):
    float32_out(ctx)
    (y,) = ctx.outputs
    call = ctx.calls[0]
    ctx.assert_close(y, plain_mha(call.args[0], call.args[1], call.kwargs.get("causal", False)), "all gates 1 vs multi-head attention")


def unselected_head_is_ignored(ctx):
    float32_out(ctx)
    original, changed = ctx.outputs
    try:
        ctx.assert_close(changed, original, "output after changing the weights of a head no token selects")
    except Failure as exc:
        raise Failure(f"{exc}: a routed head outside every token's top-k must have no effect") from None


def cases():
    gen = torch.Generator().manual_seed(55)
    for B, T, D, Dh, h_s, h_r, k, causal in [(2, 5, 8, 4, 2, 4, 2, False), (1, 7, 6, 3, 1, 3, 1, True), (3, 4, 12, 2, 3, 5, 3, True), (2, 6, 8, 8, 1, 2, 2, False)]:
        x = torch.randn(B, T, D, generator=gen)
        yield Case(f"random_B{B}_T{T}_hs{h_s}_hr{h_r}_k{k}{'_causal' if causal else ''}",
                   Call("moh_attention", x, params(gen, D, h_s + h_r, Dh), gates(gen, D, h_s, h_r), k, causal=causal), check=float32_out)
    D, h_s, h_r = 6, 2, 3
    zero_gates = {"W_s": torch.zeros(D, h_s), "W_r": torch.zeros(D, h_r), "W_h": torch.zeros(D, 2)}
    for causal in (False, True):
        yield Case(f"all_gates_one_equals_mha{'_causal' if causal else ''}",
                   Call("moh_attention", torch.randn(2, 5, D, generator=gen), params(gen, D, h_s + h_r, 3), zero_gates, h_r, causal=causal), check=equals_mha)
    # routed head 4 (the last) is never chosen: every token has x[..., 0] = 1 and W_r[0, 2] = -50
    x = torch.randn(2, 5, D, generator=gen)
    x[..., 0] = 1.0
    g = gates(gen, D, h_s, h_r)
    g["W_r"][0, 2] = -50.0
    p = params(gen, D, h_s + h_r, 3)
    p2 = {name: t.clone() for name, t in p.items()}
    for name in ("W_Q", "W_K", "W_V", "W_O"):
        p2[name][4] = 10.0 * torch.randn(p2[name][4].shape, generator=gen)
    yield Case("unselected_head_has_no_effect", Call("moh_attention", x, p, g, 2), Call("moh_attention", x, p2, g, 2), check=unselected_head_is_ignored)
    yield Case("single_token_causal", Call("moh_attention", torch.randn(2, 1, D, generator=gen), params(gen, D, 5, 3), gates(gen, D, 2, 3), 1, causal=True),
               check=float32_out)
    yield Case("one_shared_one_routed_head", Call("moh_attention", torch.randn(2, 4, D, generator=gen), params(gen, D, 2, 3), gates(gen, D, 1, 1), 1),
               check=float32_out)
    x3 = torch.randn(1, 3, D, generator=gen)
    yield Case("head_count_too_small_raises", Call("moh_attention", x3, params(gen, D, 4, 3), gates(gen, D, 2, 3), 1))
    yield Case("head_count_too_large_raises", Call("moh_attention", x3, params(gen, D, 6, 3), gates(gen, D, 2, 3), 1))
    yield Case("no_shared_head_raises", Call("moh_attention", x3, params(gen, D, 3, 3), gates(gen, D, 0, 3), 1))
    yield Case("no_routed_head_raises", Call("moh_attention", x3, params(gen, D, 2, 3), gates(gen, D, 2, 0), 1))
    yield Case("k_too_large_raises", Call("moh_attention", x3, params(gen, D, 5, 3), gates(gen, D, 2, 3), 4))
    yield Case("k_zero_raises", Call("moh_attention", x3, params(gen, D, 5, 3), gates(gen, D, 2, 3), 0))
    yield Case("k_negative_raises", Call("moh_attention", x3, params(gen, D, 5, 3), gates(gen, D, 2, 3), -1))
