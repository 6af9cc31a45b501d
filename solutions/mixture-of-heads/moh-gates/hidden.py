"""Hidden cases for moh-gates: random shapes and head splits, k = 1 and k = h_r, zero routers
(all gates 1), exactly h_s + k non-zero gates per token, large logits, bad k."""
import torch

from grader.protocol import Call, Case, Failure


def same_dtype(ctx):
    (g,) = ctx.outputs
    x = ctx.calls[0].args[0]
    if not isinstance(g, torch.Tensor):
        raise Failure(f"moh_gates should return a torch.Tensor, got a {type(g).__name__}")
    if g.dtype != x.dtype:
        raise Failure(f"expected dtype {str(x.dtype).removeprefix('torch.')} (the dtype of x), got {str(g.dtype).removeprefix('torch.')}")


def nonzero_count(ctx):
    same_dtype(ctx)
    (g,) = ctx.outputs
    call = ctx.calls[0]
    x, W_s, W_r, W_h, k = call.args
    h_s = W_s.shape[1]
    counts = (g != 0).sum(-1)
    if not bool((counts == h_s + k).all()):
        raise Failure(f"each token must have exactly h_s + k = {h_s + k} non-zero gates; found counts {sorted(set(counts.flatten().tolist()))}")
    if bool((g < 0).any()):
        raise Failure("a gate is negative")


def all_ones(ctx):
    same_dtype(ctx)
    (g,) = ctx.outputs
    ctx.assert_close(g, torch.ones_like(g), "gates with zero router weights and k = h_r")


def cases():
    gen = torch.Generator().manual_seed(54)
    rnd = lambda *s: torch.randn(*s, generator=gen)
    for shape, D, h_s, h_r, k in [((2, 5), 8, 2, 6, 2), ((3, 4), 6, 1, 4, 1), ((7,), 5, 3, 5, 3), ((2, 3), 16, 4, 12, 8)]:
        x = rnd(*shape, D)
        yield Case(f"random_{'x'.join(map(str, shape))}_hs{h_s}_hr{h_r}_k{k}",
                   Call("moh_gates", x, rnd(D, h_s), rnd(D, h_r), rnd(D, 2), k), check=nonzero_count)
    yield Case("k_equals_h_r_keeps_all", Call("moh_gates", rnd(2, 3, 4), rnd(4, 2), rnd(4, 3), rnd(4, 2), 3), check=nonzero_count)
    yield Case("zero_routers_all_ones", Call("moh_gates", rnd(2, 4, 6), torch.zeros(6, 3), torch.zeros(6, 5), torch.zeros(6, 2), 5), check=all_ones)
    yield Case("large_logits_stay_finite", Call("moh_gates", 6.0 * rnd(2, 4, 6), rnd(6, 2), rnd(6, 6), rnd(6, 2), 2), check=nonzero_count)
    yield Case("single_shared_head", Call("moh_gates", rnd(3, 5), rnd(5, 1), rnd(5, 4), rnd(5, 2), 2), check=nonzero_count)
    yield Case("four_leading_axes", Call("moh_gates", rnd(2, 2, 3, 5), rnd(5, 2), rnd(5, 4), rnd(5, 2), 3), check=nonzero_count)
    yield Case("float64_inputs_float64_gates", Call("moh_gates", rnd(3, 4, 6).double(), rnd(6, 2).double(), rnd(6, 5).double(),
                                                    rnd(6, 2).double(), 2), check=nonzero_count)
    yield Case("k_one", Call("moh_gates", rnd(4, 6), rnd(6, 2), rnd(6, 7), rnd(6, 2), 1), check=nonzero_count)
    yield Case("k_zero_raises", Call("moh_gates", rnd(2, 4), rnd(4, 2), rnd(4, 3), rnd(4, 2), 0))
    yield Case("k_negative_raises", Call("moh_gates", rnd(2, 4), rnd(4, 2), rnd(4, 3), rnd(4, 2), -1))
    yield Case("k_too_large_raises", Call("moh_gates", rnd(2, 4), rnd(4, 2), rnd(4, 3), rnd(4, 2), 4))
