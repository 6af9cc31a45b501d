"""Hidden cases for vq-bottleneck: values, ties, shapes, and the gradients of the loss and of z_q."""
import numpy as np
import torch

from grader.protocol import Call, Case, Failure


def straight_through(ctx):
    ((z_q, codes, loss), (gz, gcb)) = ctx.outputs[0]
    w = ctx.calls[0].cotangent
    ctx.assert_close(gz, w, "d(sum(z_q * w))/dz (the straight-through gradient should be w itself)")
    if torch.count_nonzero(gcb) != 0:
        raise Failure("z_q sends gradient to the codebook: only the loss terms should update it")


def codes_are_nearest(ctx):
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
    yield Case("beta_one", Call("vq_bottleneck", r(4, 3), r(6, 3), 1.0))
    yield Case("beta_zero", Call("vq_bottleneck", r(4, 3), r(6, 3), 0.0))
    yield Case("single_code", Call("vq_bottleneck", r(5, 2), r(1, 2), 0.25))
    # integer-valued inputs: every distance is exact, so these ties are real ties
    cb = t([[1, 0], [0, 1], [-1, 0], [0, 1], [1, 0]])
    z = t([[0, 0], [1, 1], [0, 2], [2, 0], [-1, 1]])
    yield Case("ties_go_to_lower_index", Call("vq_bottleneck", z, cb, 0.25))
    yield Case("z_equals_a_code", Call("vq_bottleneck", cb[[3, 0, 2]].clone(), cb, 0.5))
    z, cb = r(2, 4, 3), r(5, 3)
    yield Case("loss_gradients", Call("vq_bottleneck", z, cb, 0.25, grad_wrt=(0, 1), grad_output=2))
    yield Case("loss_gradients_beta_0_7", Call("vq_bottleneck", r(6, 2), r(3, 2), 0.7, grad_wrt=(0, 1), grad_output=2))
    z, cb = r(3, 4), r(6, 4)
    yield Case("straight_through_gradient", Call("vq_bottleneck", z, cb, 0.25, grad_wrt=(0, 1), grad_output=0,
                                                 cotangent=r(3, 4)), check=straight_through)
