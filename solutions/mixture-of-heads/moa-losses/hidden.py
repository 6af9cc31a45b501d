"""Hidden cases for moa-losses: random routers (2-D and 3-D), k = 1, k > 1 and k = E, balanced routing
(switch = 1, cv = 0), uniform mean probability (switch = 1), large logits for the z-loss, E = 1, bad k."""
import torch

from grader.protocol import Call, Case, Failure


def exact_types(ctx):
    (out,) = ctx.outputs
    logits = ctx.calls[0].args[0]
    if type(out) is not dict:
        raise Failure(f"moa_losses should return a dict, got a {type(out).__name__}")
    if set(out) != {"switch", "cv", "z"}:
        raise Failure(f"the dict should have exactly the keys 'switch', 'cv', 'z', got {sorted(map(str, out))}")
    for name, v in out.items():
        if not isinstance(v, torch.Tensor) or v.dim() != 0:
            raise Failure(f"{name} should be a 0-dim torch.Tensor, got a {type(v).__name__}")
        if v.dtype != logits.dtype:
            raise Failure(f"{name}: expected dtype {str(logits.dtype).removeprefix('torch.')} (the dtype of logits), "
                          f"got {str(v.dtype).removeprefix('torch.')}")


def balanced(ctx):
    exact_types(ctx)
    (out,) = ctx.outputs
    ctx.assert_close(out["switch"], torch.ones_like(out["switch"]), "switch loss of balanced routing")
    ctx.assert_close(out["cv"], torch.zeros_like(out["cv"]), "cv loss of balanced routing", atol=1e-5)


def switch_is_one(ctx):
    exact_types(ctx)
    (out,) = ctx.outputs
    ctx.assert_close(out["switch"], torch.ones_like(out["switch"]), "switch loss when the mean router probability is uniform")


def finite(ctx):
    exact_types(ctx)
    (out,) = ctx.outputs
    for name, v in out.items():
        if not bool(torch.isfinite(torch.as_tensor(v)).all()):
            raise Failure(f"{name} is not finite: use torch.logsumexp for the z-loss")


def cases():
    gen = torch.Generator().manual_seed(58)
    for shape, E, k in [((12,), 4, 1), ((2, 6), 6, 2), ((3, 5), 8, 3), ((20,), 5, 5)]:
        yield Case(f"random_{'x'.join(map(str, shape))}_E{E}_k{k}", Call("moa_losses", 2.0 * torch.randn(*shape, E, generator=gen), k),
                   check=exact_types)
    E = 4
    rows = [torch.roll(torch.tensor([4.0, 1.0, 0.0, -1.0]), s) for s in range(E)]
    yield Case("balanced_k1", Call("moa_losses", torch.stack(rows * 2), 1), check=balanced)
    yield Case("balanced_k2", Call("moa_losses", torch.stack(rows), 2), check=balanced)
    yield Case("uniform_probabilities_switch_one", Call("moa_losses", torch.full((6, 5), 0.3) + torch.arange(5.0) * 0.0, 5), check=switch_is_one)
    yield Case("large_logits_z_loss", Call("moa_losses", 100.0 * torch.sign(torch.randn(8, 4, generator=gen)) + torch.randn(8, 4, generator=gen), 1), check=finite)
    yield Case("large_negative_logits_z_loss", Call("moa_losses", -110.0 + torch.randn(6, 4, generator=gen), 2), check=finite)
    yield Case("float64_logits", Call("moa_losses", 2.0 * torch.randn(2, 5, 4, generator=gen).double(), 2), check=exact_types)
    yield Case("single_expert", Call("moa_losses", torch.randn(5, 1, generator=gen), 1), check=exact_types)
    yield Case("single_token", Call("moa_losses", torch.randn(1, 4, generator=gen), 2), check=exact_types)
    yield Case("k_too_large_raises", Call("moa_losses", torch.randn(4, 3, generator=gen), 4))
    yield Case("k_zero_raises", Call("moa_losses", torch.randn(4, 3, generator=gen), 0))
    yield Case("k_negative_raises", Call("moa_losses", torch.randn(4, 3, generator=gen), -2))
