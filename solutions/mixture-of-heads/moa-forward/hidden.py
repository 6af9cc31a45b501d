"""Hidden cases for moa-forward: random shapes, k = 1 and k = E, causal, one expert (single-head
attention scaled by its gate), the future does not matter under the causal mask, bad k."""
import math

import torch

from grader.protocol import Call, Case, Failure


def weights(gen, D, E, dh):
    r = lambda *s: torch.randn(*s, generator=gen)
    return [r(D, E), r(E, D, dh) / math.sqrt(D), r(E, dh, D) / math.sqrt(dh), r(D, dh) / math.sqrt(D), r(D, dh) / math.sqrt(D)]


def float32_out(ctx):
    for y in ctx.outputs:
        if not isinstance(y, torch.Tensor) or y.dtype != torch.float32:
            raise Failure(f"moa should return a float32 torch.Tensor, got {getattr(y, 'dtype', type(y).__name__)}")


def single_expert_is_attention(ctx):
    float32_out(ctx)
    (y,) = ctx.outputs
    x, W_g, W_q, W_o, W_k, W_v, k = ctx.calls[0].args
    q, K, V = x @ W_q[0], x @ W_k, x @ W_v
    att = torch.softmax(q @ K.transpose(-2, -1) / math.sqrt(q.shape[-1]), dim=-1)
    ctx.assert_close(y, att @ V @ W_o[0], "with E = 1 (gate 1), MoA must be single-head attention")


def future_ignored(ctx):
    float32_out(ctx)
    a, b = ctx.outputs
    try:
        ctx.assert_close(b[:, :3], a[:, :3], "causal outputs of the first 3 positions after changing later tokens")
    except Failure as exc:
        raise Failure(f"{exc}: with causal=True a position must not see later tokens") from None


def cases():
    gen = torch.Generator().manual_seed(57)
    for B, T, D, dh, E, k, causal in [(2, 5, 8, 4, 4, 2, False), (1, 6, 6, 3, 6, 1, True), (3, 4, 10, 5, 5, 5, False), (2, 7, 8, 2, 8, 3, True)]:
        yield Case(f"random_B{B}_T{T}_E{E}_k{k}{'_causal' if causal else ''}",
                   Call("moa", torch.randn(B, T, D, generator=gen), *weights(gen, D, E, dh), k, causal=causal), check=float32_out)
    D, dh = 6, 3
    yield Case("one_expert_is_single_head_attention", Call("moa", torch.randn(2, 5, D, generator=gen), *weights(gen, D, 1, dh), 1),
               check=single_expert_is_attention)
    x = torch.randn(2, 6, D, generator=gen)
    x2 = x.clone()
    x2[:, 3:] = torch.randn(2, 3, D, generator=gen)
    w = weights(gen, D, 4, dh)
    yield Case("causal_ignores_the_future", Call("moa", x, *w, 2, causal=True), Call("moa", x2, *w, 2, causal=True), check=future_ignored)
    yield Case("single_token", Call("moa", torch.randn(3, 1, D, generator=gen), *weights(gen, D, 3, dh), 2, causal=True), check=float32_out)
    yield Case("default_not_causal", Call("moa", torch.randn(2, 5, D, generator=gen), *weights(gen, D, 4, dh), 2), check=float32_out)
    x3, w3 = torch.randn(1, 3, D, generator=gen), weights(gen, D, 3, dh)
    yield Case("k_equals_E", Call("moa", x3, *w3, 3), check=float32_out)
    yield Case("k_zero_raises", Call("moa", x3, *w3, 0))
    yield Case("k_negative_raises", Call("moa", x3, *w3, -1))
    yield Case("k_too_large_raises", Call("moa", x3, *w3, 4))
