"""Hidden cases for vq-bottleneck: values, ties, shapes, and the gradients of the loss and of z_q."""
import numpy as np
import torch

from grader.protocol import Call, Case, Failure


def exact_types(ctx):
    for call, out in zip(ctx.calls, ctx.outputs):
        if call.grad_wrt:
            out = out[0]
        z = call.args[0]
        if type(out) is not tuple or len(out) != 3:
            raise Failure(f"vq_bottleneck should return a tuple (z_q, codes, loss), got a {type(out).__name__}")
        z_q, codes, loss = out
        if not isinstance(z_q, torch.Tensor) or z_q.dtype != z.dtype:
            raise Failure(f"z_q should be a tensor of the dtype of z ({z.dtype}), got {getattr(z_q, 'dtype', type(z_q).__name__)}")
        if not isinstance(codes, torch.Tensor) or codes.dtype != torch.int64:
            raise Failure(f"codes should be a torch.int64 tensor, got {getattr(codes, 'dtype', type(codes).__name__)}")
        if not isinstance(loss, torch.Tensor) or loss.dim() != 0 or loss.dtype != z.dtype:
            raise Failure(f"loss should be a 0-dim tensor of the dtype of z, got {type(loss).__name__} "
                          f"{tuple(getattr(loss, 'shape', ()))} {getattr(loss, 'dtype', '')}")


def straight_through(ctx):
    exact_types(ctx)
    ((z_q, codes, loss), (gz, gcb)) = ctx.outputs[0]
    w = ctx.calls[0].cotangent
    ctx.assert_close(gz, w, "d(sum(z_q * w))/dz (the straight-through gradient should be w itself)")
    if torch.count_nonzero(gcb) != 0:
        raise Failure("z_q sends gradient to the codebook: only the loss terms should update it")


def codes_are_nearest(ctx):
    exact_types(ctx)
    (z_q, codes, loss) = ctx.outputs[0]
    z, cb = ctx.calls[0].args[:2]
    dist = ((z.reshape(-1, 1, z.shape[-1]) - cb[None]) ** 2).sum(-1)
    best = dist.min(-1).values
    got = dist.gather(1, codes.reshape(-1, 1).long()).squeeze(1)
    if (got > best + 1e-6).any():
        raise Failure("a code is not the nearest codebook vector")


def t(a):
    return torch.tensor(np.asarray(a), dtype=torch.float32)


def cases():
    g = torch.Generator().manual_seed(62)
    r = lambda *s: torch.randn(*s, generator=g)
    for shape, K in [((6, 4), 5), ((2, 5, 3), 8), ((3, 2, 2, 6), 4)]:
        yield Case(f"random_{'x'.join(map(str, shape))}_K{K}", Call("vq_bottleneck", r(*shape), r(K, shape[-1]), 0.25),
                   check=codes_are_nearest)
    yield Case("beta_one", Call("vq_bottleneck", r(4, 3), r(6, 3), 1.0), check=exact_types)
    yield Case("beta_zero", Call("vq_bottleneck", r(4, 3), r(6, 3), 0.0), check=exact_types)
    yield Case("single_code", Call("vq_bottleneck", r(5, 2), r(1, 2), 0.25), check=exact_types)
    yield Case("single_vector", Call("vq_bottleneck", r(1, 3), r(4, 3), 0.25, grad_wrt=(0, 1), grad_output=2), check=exact_types)
    # integer-valued inputs: every distance is exact, so these ties are real ties
    cb = t([[1, 0], [0, 1], [-1, 0], [0, 1], [1, 0]])
    z = t([[0, 0], [1, 1], [0, 2], [2, 0], [-1, 1]])
    yield Case("ties_go_to_lower_index", Call("vq_bottleneck", z, cb, 0.25), check=exact_types)
    yield Case("z_equals_a_code", Call("vq_bottleneck", cb[[3, 0, 2]].clone(), cb, 0.5), check=exact_types)
    z, cb = r(2, 4, 3), r(5, 3)
    yield Case("loss_gradients", Call("vq_bottleneck", z, cb, 0.25, grad_wrt=(0, 1), grad_output=2), check=exact_types)
    yield Case("loss_gradients_beta_0_7", Call("vq_bottleneck", r(6, 2), r(3, 2), 0.7, grad_wrt=(0, 1), grad_output=2), check=exact_types)
    yield Case("default_beta", Call("vq_bottleneck", r(2, 3, 4), r(5, 4)), check=codes_are_nearest)
    yield Case("default_beta_loss_gradients", Call("vq_bottleneck", r(4, 3), r(5, 3), grad_wrt=(0, 1), grad_output=2), check=exact_types)
    # 24 codes drawn from 6 distinct small-integer rows: many exact ties, where torch.sort / topk differ from argmin
    g2 = torch.Generator().manual_seed(1)
    cb = torch.randint(-1, 2, (6, 3), generator=g2).float()
    cb = cb[torch.randint(0, 6, (24,), generator=g2)]
    z = torch.randint(-1, 2, (30, 3), generator=g2).float()
    yield Case("ties_among_24_codes", Call("vq_bottleneck", z, cb, 0.25), check=codes_are_nearest)
    z, cb = r(3, 4), r(6, 4)
    yield Case("straight_through_gradient", Call("vq_bottleneck", z, cb, 0.25, grad_wrt=(0, 1), grad_output=0,
                                                 cotangent=r(3, 4)), check=straight_through)
