"""Hidden cases for train-tms: judged by what the trained weights represent, not by exact values."""
import numpy as np
import torch

from grader.protocol import Call, Case, Failure

THRESHOLD = 0.5


def _weights(ctx, out, call):
    F = call.kwargs.get("F", 5)
    H = call.kwargs.get("H", 2)
    if not isinstance(out, (list, tuple)) or len(out) != 2:
        raise Failure("return a tuple (W, b) of torch tensors")
    if type(out) is not tuple:
        raise Failure(f"return a tuple (W, b), not a {type(out).__name__}")
    W, b = out
    for name, t, shape in (("W", W, (H, F)), ("b", b, (F,))):
        if not isinstance(t, torch.Tensor):
            raise Failure(f"{name} must be a torch.Tensor")
        if tuple(t.shape) != shape:
            raise Failure(f"{name} has shape {tuple(t.shape)}, expected {shape}")
        if t.dtype != torch.float32:
            raise Failure(f"{name} has dtype {t.dtype}, expected torch.float32")
        if t.requires_grad:
            raise Failure(f"{name} still requires grad: return {name}.detach()")
        if not torch.isfinite(t).all():
            raise Failure(f"{name} contains NaN or inf")
    return W, b


def well_formed(ctx):
    for call, out in zip(ctx.calls, ctx.outputs):
        _weights(ctx, out, call)


def represented(ctx):
    W, _ = _weights(ctx, ctx.outputs[0], ctx.calls[0])
    return [round(v, 2) for v in W.norm(dim=0).tolist()]


def dense_keeps_at_most_two(ctx):
    norms = represented(ctx)
    if sum(n > THRESHOLD for n in norms) > 2:
        raise Failure(f"dense features (p=0): column norms of W are {norms}; at most H = 2 should exceed "
                      f"{THRESHOLD} (check the sparsity mask and the loss)")
    call = ctx.calls[0]
    F = call.kwargs.get("F", 5)
    importance = call.kwargs.get("importance")
    importance = 0.9 ** np.arange(F) if importance is None else np.asarray(importance, dtype=np.float64)
    top = sorted(int(i) for i in np.argsort(-importance, kind="stable")[:2])
    kept = [i for i, n in enumerate(norms) if n > THRESHOLD]
    if not set(kept) <= set(top):
        raise Failure(f"dense features (p=0): column norms of W are {norms}; only the 2 most important features "
                      f"{top} should be kept (check that the loss is weighted by importance, and its default 0.9 ** i)")


def sparse_keeps_more_than_two(ctx):
    norms = represented(ctx)
    if sum(n > THRESHOLD for n in norms) <= 2:
        raise Failure(f"sparse features: column norms of W are {norms}; more than 2 features should exceed "
                      f"{THRESHOLD} (superposition needs the ReLU and sparse inputs)")


def same_seed_same_weights(ctx):
    well_formed(ctx)
    (W1, b1), (W2, b2) = ctx.outputs
    if not (torch.equal(W1, W2) and torch.equal(b1, b2)):
        raise Failure("two calls with the same seed returned different weights: call torch.manual_seed(seed) first")


def cases():
    decay = 0.9 ** torch.arange(5, dtype=torch.float32)
    yield Case("dense_p0_seed0", Call("train_tms", F=5, H=2, p=0.0, importance=decay, steps=300, seed=0),
               compare=False, reference=False, check=dense_keeps_at_most_two)
    yield Case("dense_p0_steeper_importance_seed1",
               Call("train_tms", F=5, H=2, p=0.0, importance=0.7 ** torch.arange(5, dtype=torch.float32), steps=300, seed=1),
               compare=False, reference=False, check=dense_keeps_at_most_two)
    yield Case("dense_reversed_importance_seed5",
               Call("train_tms", F=5, H=2, p=0.0, importance=0.7 ** torch.arange(4, -1, -1, dtype=torch.float32),
                    steps=300, seed=5),
               compare=False, reference=False, check=dense_keeps_at_most_two)
    # Every argument left out: F=5, H=2, p=0.0, importance=None (0.9 ** i), steps=300, seed=0.
    yield Case("all_defaults_dense", Call("train_tms"), compare=False, reference=False, check=dense_keeps_at_most_two)
    yield Case("sparse_p0.9_default_importance_seed3", Call("train_tms", p=0.9, seed=3),
               compare=False, reference=False, check=sparse_keeps_more_than_two)
    yield Case("sparse_p0.9_seed0", Call("train_tms", F=5, H=2, p=0.9, importance=decay, steps=300, seed=0),
               compare=False, reference=False, check=sparse_keeps_more_than_two)
    yield Case("sparse_p0.95_seed2", Call("train_tms", F=5, H=2, p=0.95, importance=decay, steps=300, seed=2),
               compare=False, reference=False, check=sparse_keeps_more_than_two)
    yield Case("shapes_F8_H3_default_importance", Call("train_tms", F=8, H=3, p=0.5, importance=None, steps=10, seed=4),
               compare=False, reference=False, check=well_formed)
    yield Case("same_seed_same_weights", Call("train_tms", F=5, H=2, p=0.8, importance=decay, steps=30, seed=7),
               Call("train_tms", F=5, H=2, p=0.8, importance=decay, steps=30, seed=7),
               compare=False, reference=False, check=same_seed_same_weights)
