"""Hidden cases for head-ablation: tiny attention-only models from seeds, zero and mean ablation."""
import numpy as np

from grader.protocol import Build, Call, Case, Failure


def silent_heads_score_zero(ctx):
    (out,) = ctx.outputs
    build = ctx.calls[0].args[0]
    out = np.asarray(out)
    for layer, head in build.kwargs.get("silent", ()):
        if abs(out[layer, head]) > 1e-9:
            raise Failure(f"head {head} of layer {layer} has W_O = 0 (it writes nothing), so ablating it must score 0; "
                          f"got {out[layer, head]:.6g}")


def mean_of_one_is_zero(ctx):
    (out,) = ctx.outputs
    if np.any(np.abs(np.asarray(out)) > 1e-9):
        raise Failure("with a batch of one sequence the batch mean of z is z itself: mean ablation must change nothing")


def model(seed, silent=(), **sizes):
    return Build("head_ablation_model", "make_run", seed, silent=[list(p) for p in silent], **sizes)


def cases():
    rng = np.random.default_rng(45)
    yield Case("zero_two_layers", Call("ablation_scores", model(0), rng.integers(0, 10, size=(3, 7)), kind="zero"))
    yield Case("mean_two_layers", Call("ablation_scores", model(1), rng.integers(0, 10, size=(4, 6)), kind="mean"))
    yield Case("zero_is_default", Call("ablation_scores", model(2, V=12, H=3), rng.integers(0, 12, size=(2, 8))))
    silent = [(0, 1), (1, 2)]
    toks = rng.integers(0, 9, size=(3, 9))
    yield Case("zero_silent_heads", Call("ablation_scores", model(3, silent, V=9, H=3, Dh=2), toks, kind="zero"),
               check=silent_heads_score_zero)
    yield Case("mean_silent_heads", Call("ablation_scores", model(3, silent, V=9, H=3, Dh=2), toks, kind="mean"),
               check=silent_heads_score_zero)
    yield Case("mean_batch_of_one", Call("ablation_scores", model(4, L=3), rng.integers(0, 10, size=(1, 6)), kind="mean"),
               check=mean_of_one_is_zero)
    yield Case("one_layer_mean", Call("ablation_scores", model(5, L=1, H=4, Dh=2), rng.integers(0, 10, size=(5, 5)), kind="mean"))
    yield Case("unknown_kind_raises", Call("ablation_scores", model(6), rng.integers(0, 10, size=(2, 4)), kind="resample"))
    yield Case("capitalised_kind_raises", Call("ablation_scores", model(6), rng.integers(0, 10, size=(2, 4)), kind="Mean"))
    yield Case("zero_two_positions_batch_of_one", Call("ablation_scores", model(7, H=3), rng.integers(0, 10, size=(1, 2))))
    yield Case("mean_two_positions", Call("ablation_scores", model(8), rng.integers(0, 10, size=(4, 2)), kind="mean"))
