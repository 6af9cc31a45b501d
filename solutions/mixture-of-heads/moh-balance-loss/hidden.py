"""Hidden cases for moh-balance-loss: random routers with top-k masks, 2-D and 3-D inputs, float
masks, balanced routing (= k), collapsed routing (near h_r), token-order invariance."""
import torch

from grader.protocol import Call, Case, Failure


def routed(gen, shape, h_r, k, scale=1.0):
    probs = torch.softmax(scale * torch.randn(*shape, h_r, generator=gen), dim=-1)
    mask = torch.zeros_like(probs, dtype=torch.bool).scatter(-1, probs.topk(k, dim=-1).indices, True)
    return probs, mask


def equals_k(ctx):
    (out,) = ctx.outputs
    k = int(ctx.calls[0].args[1].reshape(-1, ctx.calls[0].args[1].shape[-1]).sum(-1)[0])
    ctx.assert_close(out, torch.full_like(out, float(k)), "balanced routing must give exactly k")


def order_invariant(ctx):
    a, b = ctx.outputs
    ctx.assert_close(b, a, "loss after shuffling the tokens")


def cases():
    gen = torch.Generator().manual_seed(56)
    for shape, h_r, k in [((10,), 4, 1), ((2, 6), 6, 2), ((3, 5), 8, 3), ((4, 4), 5, 5)]:
        probs, mask = routed(gen, shape, h_r, k, scale=2.0)
        yield Case(f"random_{'x'.join(map(str, shape))}_hr{h_r}_k{k}", Call("moh_balance_loss", probs, mask))
    probs, mask = routed(gen, (2, 7), 4, 2)
    yield Case("float_mask", Call("moh_balance_loss", probs, mask.float()))
    h_r, k = 6, 2
    mask = torch.zeros(12, h_r, dtype=torch.bool)
    for t in range(12):  # each head chosen by exactly 4 of 12 tokens
        mask[t, [(2 * t) % h_r, (2 * t + 1) % h_r]] = True
    probs = torch.softmax(torch.randn(12, h_r, generator=gen), dim=-1)
    yield Case("balanced_routing_gives_k", Call("moh_balance_loss", probs, mask), check=equals_k)
    collapsed = torch.softmax(torch.tensor([8.0, 8.0, 0.0, 0.0, 0.0]).repeat(9, 1), dim=-1)
    yield Case("collapsed_router_near_h_r", Call("moh_balance_loss", collapsed, torch.tensor([[1, 1, 0, 0, 0]] * 9, dtype=torch.bool)))
    probs, mask = routed(gen, (3, 4), 5, 2)
    perm = torch.randperm(12, generator=gen)
    yield Case("token_order_does_not_matter", Call("moh_balance_loss", probs, mask),
               Call("moh_balance_loss", probs.reshape(12, 5)[perm], mask.reshape(12, 5)[perm]), check=order_invariant)
