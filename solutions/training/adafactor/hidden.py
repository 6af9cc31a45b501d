"""Hidden cases for adafactor: torch.optim.Adafactor trajectories, clipping, the eps2 floor, edge cases.

Every case that returns also checks the promised output: the tuple (W_new, new_state) with W's shape and dtype
and a plain dict of state arrays. The grader itself checks that W, G and state were not modified in place.
"""
import math

import numpy as np
import torch
from torch.optim._adafactor import adafactor

from grader.protocol import Call, Case, Failure


def _torch_trajectory(rng, shape, steps, lr=1e-2, d=1.0, beta2_decay=-0.8, jump_at=None):
    """Run torch's Adafactor update (float64) and record each step's inputs and torch's results.

    torch.optim._adafactor.adafactor is the function torch.optim.Adafactor.step calls (with the class's
    default eps1=None and weight_decay=0); calling it directly skips the optimiser class, whose first
    construction costs seconds of imports in a fresh process.
    """
    W = torch.tensor(rng.normal(size=shape), dtype=torch.float64)
    matrix = len(shape) == 2
    if matrix:  # torch keeps the row and column statistics as (n, 1) and (1, m)
        row_var, col_var, variance = W.new_zeros(shape[0], 1), W.new_zeros(1, shape[1]), None
    else:
        row_var, col_var, variance = None, None, torch.zeros_like(W)
    step_t = torch.tensor(0.0)
    state = {"row": np.zeros(shape[0]), "col": np.zeros(shape[1])} if matrix else {"v": np.zeros(shape)}
    before, after = [], []
    for t in range(1, steps + 1):
        G = rng.normal(size=shape) * (20.0 if t == jump_at else 1.0)  # a sudden jump makes clipping bind
        before.append((W.numpy().copy(), G, state, t))
        adafactor([W], [torch.tensor(G)], [row_var], [col_var], [variance], [step_t], foreach=False,
                  d=d, lr=lr, beta2_decay=beta2_decay, weight_decay=0.0, eps1=None, eps2=1e-3, maximize=False)
        if matrix:
            state = {"row": row_var.numpy().ravel().copy(), "col": col_var.numpy().ravel().copy()}
        else:
            state = {"v": variance.numpy().copy()}
        after.append((W.numpy().copy(), state))
    return before, after


def matches_torch(after):
    def check(ctx):
        for t, ((W_new, state), (W_exp, state_exp)) in enumerate(zip(ctx.outputs, after), start=1):
            ctx.assert_close(W_new, W_exp, f"step {t} of the torch.optim.Adafactor trajectory, W", rtol=1e-9, atol=1e-12)
            if not isinstance(state, dict) or sorted(state) != sorted(state_exp):
                raise Failure(f"step {t}: the new state should be a dict with keys {sorted(state_exp)}")
            for k in state_exp:
                ctx.assert_close(state[k], state_exp[k], f"step {t} of the torch.optim.Adafactor trajectory, "
                                 f"state[{k!r}]", rtol=1e-9, atol=1e-12)
    return check


def returns_pair(ctx):
    """The statement promises a tuple (W_new, new_state): an array like W and a dict with the keys of state."""
    for call, out in zip(ctx.calls, ctx.outputs):
        W, state = call.args[0], call.args[2]
        if type(out) is not tuple or len(out) != 2:
            what = type(out).__name__ + (f" of length {len(out)}" if isinstance(out, (list, tuple)) else "")
            raise Failure(f"adafactor_step should return the tuple (W_new, new_state), got a {what}")
        W_new, new_state = out
        if type(W_new) is not np.ndarray or W_new.shape != W.shape or W_new.dtype != W.dtype:
            got = (f"shape {W_new.shape} and dtype {W_new.dtype}" if type(W_new) is np.ndarray
                   else f"a {type(W_new).__name__}")
            raise Failure(f"W_new should be an np.ndarray of shape {W.shape} and dtype {W.dtype}, got {got}")
        if type(new_state) is not dict:
            raise Failure(f"new_state should be a plain dict, got a {type(new_state).__name__}")
        if sorted(new_state) != sorted(state):
            raise Failure(f"new_state should have exactly the keys {sorted(state)}, got {sorted(new_state)}")
        for k, arr in new_state.items():
            if type(arr) is not np.ndarray or arr.shape != state[k].shape or arr.dtype != np.float64:
                got = (f"shape {arr.shape} and dtype {arr.dtype}" if type(arr) is np.ndarray
                       else f"a {type(arr).__name__}")
                raise Failure(f"new_state[{k!r}] should be a float64 np.ndarray of shape {state[k].shape}, got {got}")


def _all(*checks):
    def check(ctx):
        for c in checks:
            c(ctx)
    return check


def _alpha(W, step, lr=1e-2, eps2=1e-3):
    return max(eps2, math.sqrt(float(np.mean(W * W)))) * min(lr, 1 / math.sqrt(step))


def step_within_clip(ctx):
    for call, (W_new, _) in zip(ctx.calls, ctx.outputs):
        W, step = call.args[0], call.args[3]
        d = call.kwargs.get("d", 1.0)
        rms = math.sqrt(float(np.mean((W - W_new) ** 2)))
        limit = _alpha(W, step) * d
        if rms > limit * (1 + 1e-9):
            raise Failure(f"the update's RMS is {rms:.6g}, above alpha * d = {limit:.6g}: clip the whole "
                          "update by max(1, RMS(U) / d)")
        if rms < limit * (1 - 1e-6):
            raise Failure(f"this gradient is far larger than the running second moment, so clipping should "
                          f"bind and the update's RMS be exactly alpha * d = {limit:.6g}; got {rms:.6g}")


def zero_gradient_moves_nothing(ctx):
    W = ctx.calls[0].args[0]
    W_new, _ = ctx.outputs[0]
    ctx.assert_close(W_new, W, "W after a step with an all-zero gradient", rtol=0.0, atol=1e-15)


def cases():
    rng = np.random.default_rng(20261207)
    for name, shape, kw in [("torch_matrix_8_steps", (4, 6), {"jump_at": 5}),
                            ("torch_vector_6_steps", (5,), {"jump_at": 4}),
                            ("torch_matrix_d2_lr1e-3", (3, 2), {"d": 2.0, "lr": 1e-3})]:
        before, after = _torch_trajectory(rng, shape, 8 if len(shape) == 2 else 6, **kw)
        extra = {k: v for k, v in kw.items() if k in ("d", "lr")}
        calls = [Call("adafactor_step", W, G, state, t, **extra) for (W, G, state, t) in before]
        yield Case(name, *calls, check=_all(returns_pair, matches_torch(after)))

    n, m = 5, 3
    W, G = rng.normal(size=(n, m)), rng.normal(size=(n, m)) * 30.0
    stale = {"row": np.full(n, 1e-2), "col": np.full(m, 1e-2)}
    v = rng.normal(size=7)
    yield Case("clipping_binds", Call("adafactor_step", W, G, stale, 50),
               Call("adafactor_step", W, G, stale, 50, d=2.0),
               Call("adafactor_step", v, 40.0 * rng.normal(size=7), {"v": np.full(7, 1e-2)}, 30),
               check=_all(returns_pair, step_within_clip))
    yield Case("zero_weights_use_eps2", Call("adafactor_step", np.zeros((3, 4)), rng.normal(size=(3, 4)),
                                             {"row": np.zeros(3), "col": np.zeros(4)}, 1),
               check=returns_pair)
    W = rng.normal(size=(4, 4))
    yield Case("zero_gradient", Call("adafactor_step", W, np.zeros((4, 4)),
                                     {"row": rng.uniform(0.1, 1, 4), "col": rng.uniform(0.1, 1, 4)}, 3),
               check=_all(returns_pair, zero_gradient_moves_nothing))
    yield Case("one_row_matrix", Call("adafactor_step", rng.normal(size=(1, 7)), rng.normal(size=(1, 7)),
                                      {"row": rng.uniform(0.5, 1, 1), "col": rng.uniform(0.5, 1, 7)}, 2),
               check=returns_pair)
    yield Case("large_step_decaying_rho", Call("adafactor_step", rng.normal(size=(6,)), rng.normal(size=(6,)),
                                               {"v": rng.uniform(0.5, 2, 6)}, 40_000),
               check=returns_pair)
    yield Case("custom_eps_and_decay", Call("adafactor_step", rng.normal(scale=1e-4, size=(2, 3)), rng.normal(size=(2, 3)),
                                            {"row": rng.uniform(0.5, 1, 2), "col": rng.uniform(0.5, 1, 3)}, 6,
                                            eps2=1e-2, beta2_decay=-0.5),
               check=returns_pair)
    yield Case("one_column_matrix", Call("adafactor_step", rng.normal(size=(5, 1)), rng.normal(size=(5, 1)),
                                         {"row": rng.uniform(0.5, 1, 5), "col": rng.uniform(0.5, 1, 1)}, 3),
               check=returns_pair)
    yield Case("step_one_is_valid", Call("adafactor_step", rng.normal(size=4), rng.normal(size=4), {"v": np.zeros(4)}, 1),
               check=returns_pair)
    yield Case("step_zero_raises", Call("adafactor_step", np.ones(3), np.ones(3), {"v": np.zeros(3)}, 0))
    yield Case("negative_step_raises", Call("adafactor_step", np.ones(3), np.ones(3), {"v": np.zeros(3)}, -2))
    # a state that a vector or matrix branch could read: the number of dimensions alone must decide
    yield Case("three_dims_raise", Call("adafactor_step", np.ones((2, 2, 2)), np.ones((2, 2, 2)),
                                        {"v": np.zeros((2, 2, 2))}, 1))
    yield Case("scalar_raises", Call("adafactor_step", np.array(0.5), np.array(0.1), {"v": np.zeros(())}, 1))
