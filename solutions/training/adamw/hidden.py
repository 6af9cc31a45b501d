"""Hidden cases for adamw: a torch.optim.AdamW trajectory, eps placement, decay order, edge cases.

Every case also checks the promised output: the tuple (p, m, v) of np.ndarrays shaped and typed like p.
The grader itself checks, after every call, that p, g, m and v were not modified in place.
"""
import numpy as np
import torch
from torch.optim.adamw import adamw

from grader.protocol import Call, Case, Failure


def _torch_trajectory(rng, shape, steps, lr, betas, eps, weight_decay):
    """Run torch's AdamW update (float64) and record, for each step, the state before and after it.

    torch.optim.adamw.adamw is the function torch.optim.AdamW.step calls; calling it directly skips the
    optimiser class, whose first construction costs seconds of imports in a fresh process.
    """
    p = torch.tensor(rng.normal(size=shape), dtype=torch.float64)
    exp_avg, exp_avg_sq, step_t = torch.zeros_like(p), torch.zeros_like(p), torch.tensor(0.0)
    before, after = [], []
    for t in range(1, steps + 1):
        g = rng.normal(size=shape)
        before.append((p.numpy().copy(), g, exp_avg.numpy().copy(), exp_avg_sq.numpy().copy(), t))
        adamw([p], [torch.tensor(g)], [exp_avg], [exp_avg_sq], [], [step_t], foreach=False, amsgrad=False,
              beta1=betas[0], beta2=betas[1], lr=lr, weight_decay=weight_decay, eps=eps, maximize=False)
        after.append((p.numpy().copy(), exp_avg.numpy().copy(), exp_avg_sq.numpy().copy()))
    return before, after


def returns_triple(ctx):
    """The statement promises a tuple (p, m, v) of np.ndarrays with p's shape and dtype."""
    for call, out in zip(ctx.calls, ctx.outputs):
        p = call.args[0]
        if type(out) is not tuple or len(out) != 3:
            what = type(out).__name__ + (f" of length {len(out)}" if isinstance(out, (list, tuple)) else "")
            raise Failure(f"adamw_step should return the tuple (p, m, v), got a {what}")
        for name, arr in zip(("p", "m", "v"), out):
            if type(arr) is not np.ndarray:
                raise Failure(f"the new {name} should be an np.ndarray, got a {type(arr).__name__}")
            if arr.shape != p.shape:
                raise Failure(f"the new {name} has shape {arr.shape}, expected {p.shape} (the shape of p)")
            if arr.dtype != p.dtype:
                raise Failure(f"the new {name} has dtype {arr.dtype}, expected {p.dtype} (the dtype of p)")


def _all(*checks):
    def check(ctx):
        for c in checks:
            c(ctx)
    return check


def matches_torch(after):
    def check(ctx):
        for t, (out, want) in enumerate(zip(ctx.outputs, after), start=1):
            for name, got, exp in zip(("p", "m", "v"), out, want):
                ctx.assert_close(got, exp, f"step {t} of the torch.optim.AdamW trajectory, {name}",
                                 rtol=1e-9, atol=1e-12)
    return check


def lr_zero_leaves_p(ctx):
    (p_new, _, _) = ctx.outputs[0]
    ctx.assert_close(p_new, ctx.calls[0].args[0], "p after a step with lr = 0 (only m and v may change)", rtol=0.0, atol=0.0)


def decay_only_when_gradient_is_zero(ctx):
    (p_new, m_new, v_new) = ctx.outputs[0]
    p, g, m, v, t = ctx.calls[0].args
    kw = ctx.calls[0].kwargs
    ctx.assert_close(m_new, kw["betas"][0] * m, "m with a zero gradient")
    ctx.assert_close(v_new, kw["betas"][1] * v, "v with a zero gradient")
    if np.any(np.abs(p_new) > np.abs(p) + 1e-12) and not np.any(m):
        raise Failure("with zero gradient and zero momentum a parameter may only shrink")


def cases():
    rng = np.random.default_rng(20261206)
    hp = dict(lr=3e-2, betas=(0.9, 0.95), eps=1e-8, weight_decay=0.1)
    before, after = _torch_trajectory(rng, (3, 4), 10, **hp)
    calls = [Call("adamw_step", p, g, m, v, t, lr=hp["lr"], betas=hp["betas"], eps=hp["eps"],
                  weight_decay=hp["weight_decay"]) for (p, g, m, v, t) in before]
    yield Case("torch_adamw_10_steps", *calls, check=_all(returns_triple, matches_torch(after)))
    hp = dict(lr=0.5, betas=(0.5, 0.9), eps=0.1, weight_decay=0.3)
    before, after = _torch_trajectory(rng, (5,), 4, **hp)
    calls = [Call("adamw_step", p, g, m, v, t, lr=hp["lr"], betas=hp["betas"], eps=hp["eps"],
                  weight_decay=hp["weight_decay"]) for (p, g, m, v, t) in before]
    yield Case("torch_adamw_large_eps", *calls, check=_all(returns_triple, matches_torch(after)))

    def state(shape):
        return rng.normal(size=shape), rng.normal(size=shape), rng.normal(scale=0.1, size=shape), rng.uniform(0, 0.1, size=shape)

    p, g, m, v = state((2, 3, 4))
    yield Case("random_3d_first_step", Call("adamw_step", p, g, np.zeros_like(m), np.zeros_like(v), 1,
                                            lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01), check=returns_triple)
    p, g, m, v = state((6,))
    yield Case("large_t", Call("adamw_step", p, g, m, v, 100_000, lr=1e-2, betas=(0.9, 0.999), eps=1e-8,
                               weight_decay=0.1), check=returns_triple)
    p, g, m, v = state((4, 2))
    yield Case("eps_large", Call("adamw_step", p, g, m, v, 5, lr=0.1, betas=(0.8, 0.9), eps=0.1, weight_decay=0.0),
               check=returns_triple)
    p, g, m, v = state((7,))
    yield Case("no_weight_decay_is_adam", Call("adamw_step", p, g, m, v, 2, lr=0.05, betas=(0.9, 0.99), eps=1e-8,
                                               weight_decay=0.0), check=returns_triple)
    p, _, m, v = state((3, 3))
    yield Case("zero_gradient", Call("adamw_step", p, np.zeros((3, 3)), m, v, 7, lr=0.1, betas=(0.9, 0.99), eps=1e-8,
                                     weight_decay=0.2), check=_all(returns_triple, decay_only_when_gradient_is_zero))
    p, g, m, v = state((1,))
    yield Case("zero_betas", Call("adamw_step", p, g, m, v, 3, lr=0.2, betas=(0.0, 0.0), eps=1e-8, weight_decay=0.5),
               check=returns_triple)
    p, g, m, v = state((2, 2))
    yield Case("default_hyperparameters", Call("adamw_step", p, g, m, v, 4), check=returns_triple)

    # Example 2 of the statement: the second coordinate's momentum points against its gradient, so it moves up
    yield Case("momentum_against_gradient",
               Call("adamw_step", np.array([1.0, -2.0]), np.array([0.5, 0.5]), np.array([0.1, -0.2]),
                    np.array([0.01, 0.04]), 3, lr=0.1, betas=(0.9, 0.99), eps=1e-8, weight_decay=0.5),
               Call("adamw_step", *state((3, 2))[:1], rng.uniform(0.1, 1.0, size=(3, 2)),
                    -rng.uniform(0.5, 1.0, size=(3, 2)), rng.uniform(0.1, 0.2, size=(3, 2)), 6,
                    lr=0.05, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1),
               check=returns_triple)
    p, g, m, v = state((2, 5))
    yield Case("lr_zero_only_moments_move", Call("adamw_step", p, g, m, v, 3, lr=0.0, betas=(0.9, 0.99), eps=1e-8,
                                                 weight_decay=0.3), check=_all(returns_triple, lr_zero_leaves_p))
