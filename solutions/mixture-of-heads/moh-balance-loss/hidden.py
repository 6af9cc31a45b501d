"""Hidden cases for moh-balance-loss: random routers with top-k masks, 2-D and 3-D inputs, float
masks, balanced routing (= k), collapsed routing (near h_r), token-order invariance."""
import torch

from grader.protocol import Call, Case, Failure


def routed(gen, shape, h_r, k, scale=1.0):
    probs = torch.softmax(scale * torch.randn(*shape, h_r, generator=gen), dim=-1)
    mask = torch.zeros_like(probs, dtype=torch.bool).scatter(-1, probs.topk(k, dim=-1).indices, True)
    return probs, mask


def scalar_of_input_dtype(ctx):
    for call, out in zip(ctx.calls, ctx.outputs):
        if call.grad_wrt:
            out = out[0]
        probs = call.args[0]
        if not isinstance(out, torch.Tensor) or out.dim() != 0:
            raise Failure(f"moh_balance_loss should return a 0-dim torch.Tensor, got {type(out).__name__} "
                          f"{tuple(getattr(out, 'shape', ()))}")
        if out.dtype != probs.dtype:
            raise Failure(f"expected dtype {str(probs.dtype).removeprefix('torch.')} (the dtype of gate_probs), "
                          f"got {str(out.dtype).removeprefix('torch.')}")


def equals_k(ctx):
    scalar_of_input_dtype(ctx)
    (out,) = ctx.outputs
    k = int(ctx.calls[0].args[1].reshape(-1, ctx.calls[0].args[1].shape[-1]).sum(-1)[0])
    ctx.assert_close(out, torch.full_like(out, float(k)), "balanced routing must give exactly k")


def order_invariant(ctx):
    scalar_of_input_dtype(ctx)
    a, b = ctx.outputs
    ctx.assert_close(b, a, "loss after shuffling the tokens")


def cases():
    gen = torch.Generator().manual_seed(56)
    for shape, h_r, k in [((10,), 4, 1), ((2, 6), 6, 2), ((3, 5), 8, 3), ((4, 4), 5, 5)]:
        probs, mask = routed(gen, shape, h_r, k, scale=2.0)
        yield Case(f"random_{'x'.join(map(str, shape))}_hr{h_r}_k{k}", Call("moh_balance_loss", probs, mask), check=scalar_of_input_dtype)
    probs, mask = routed(gen, (2, 7), 4, 2)
    yield Case("float_mask", Call("moh_balance_loss", probs, mask.float()), check=scalar_of_input_dtype)
    h_r, k = 6, 2
    mask = torch.zeros(12, h_r, dtype=torch.bool)
    for t in range(12):  # each head chosen by exactly 4 of 12 tokens
        mask[t, [(2 * t) % h_r, (2 * t + 1) % h_r]] = True
    probs = torch.softmax(torch.randn(12, h_r, generator=gen), dim=-1)
    yield Case("balanced_routing_gives_k", Call("moh_balance_loss", probs, mask), check=equals_k)
    collapsed = torch.softmax(torch.tensor([8.0, 8.0, 0.0, 0.0, 0.0]).repeat(9, 1), dim=-1)
    yield Case("collapsed_router_near_h_r", Call("moh_balance_loss", collapsed, torch.tensor([[1, 1, 0, 0, 0]] * 9, dtype=torch.bool)),
               check=scalar_of_input_dtype)
    # differentiable with respect to gate_probs: dL/dp[t, i] = h_r * f_i / N
    probs, mask = routed(gen, (2, 5), 6, 2, scale=2.0)
    yield Case("gradient_wrt_gate_probs", Call("moh_balance_loss", probs, mask, grad_wrt=(0,)), check=scalar_of_input_dtype)
    probs, mask = routed(gen, (3, 4), 4, 3)
    yield Case("gradient_wrt_gate_probs_float_mask", Call("moh_balance_loss", probs, mask.float(), grad_wrt=(0,)),
               check=scalar_of_input_dtype)
    probs, mask = routed(gen, (2, 3), 5, 2)
    yield Case("float64_inputs", Call("moh_balance_loss", probs.double(), mask), check=scalar_of_input_dtype)
    yield Case("float64_float_mask", Call("moh_balance_loss", probs.double(), mask.double()), check=scalar_of_input_dtype)
    yield Case("single_token", Call("moh_balance_loss", probs[0, :1], mask[0, :1]), check=scalar_of_input_dtype)
    probs, mask = routed(gen, (3, 4), 5, 2)
    perm = torch.randperm(12, generator=gen)
    yield Case("token_order_does_not_matter", Call("moh_balance_loss", probs, mask),
               Call("moh_balance_loss", probs.reshape(12, 5)[perm], mask.reshape(12, 5)[perm]), check=order_invariant)
