"""Hidden cases for tms-forward: forward pass, importance-weighted loss and the seeded sampler."""
import numpy as np

from grader.protocol import Call, Case, Failure


def relu_range(ctx):
    (out,) = ctx.outputs
    if isinstance(out, np.ndarray) and (out < 0).any():
        raise Failure("tms_forward returned a negative entry: the output goes through a ReLU")


def sparse_sample(ctx):
    (out,) = ctx.outputs
    B, F, p, _ = ctx.calls[0].args
    if not isinstance(out, np.ndarray) or out.shape != (B, F):
        raise Failure(f"sample_features must return an np.ndarray of shape (B, F) = ({B}, {F})")
    if (out < 0).any() or (out >= 1).any():
        raise Failure("feature values must lie in [0, 1)")
    zero = float((out == 0).mean())
    if abs(zero - p) > 0.05:
        raise Failure(f"{zero:.3f} of the features are zero; with p={p} about {p} of them should be")


def cases():
    rng = np.random.default_rng(30)
    for B, F, H in [(7, 5, 2), (16, 20, 5), (1, 3, 1)]:
        x = rng.random((B, F)) * (rng.random((B, F)) > 0.5)
        W = rng.normal(size=(H, F))
        b = rng.normal(scale=0.5, size=F)
        yield Case(f"forward_B{B}_F{F}_H{H}", Call("tms_forward", x, W, b), check=relu_range)
    yield Case("forward_negative_bias_clips", Call("tms_forward", rng.random((4, 6)), rng.normal(size=(3, 6)), np.full(6, -2.0)))
    yield Case("forward_zero_W_gives_relu_b", Call("tms_forward", rng.random((3, 4)), np.zeros((2, 4)), np.array([0.5, -0.5, 0.0, 1.0])))
    for B, F in [(8, 5), (1, 4), (32, 3)]:
        x = rng.random((B, F))
        yield Case(f"loss_B{B}_F{F}", Call("tms_loss", x, rng.random((B, F)), 0.9 ** np.arange(F)))
    yield Case("loss_zero_importance_feature", Call("tms_loss", rng.random((5, 3)), rng.random((5, 3)), np.array([1.0, 0.0, 2.0])))
    yield Case("sample_1000x20_p0.7", Call("sample_features", 1000, 20, 0.7, 3), check=sparse_sample)
    yield Case("sample_dense_p0", Call("sample_features", 50, 5, 0.0, 11), check=sparse_sample)
    yield Case("sample_all_zero_p1", Call("sample_features", 10, 4, 1.0, 12))
    yield Case("sample_1x1", Call("sample_features", 1, 1, 0.5, 42))
