"""Hidden cases for checkpoint-averaging: dtypes, 0-d tensors, integer floors, and every error."""
import torch

from grader.protocol import Call, Case, Failure


def dtypes_preserved(ctx):
    first = ctx.calls[0].args[0][0]
    (out,) = ctx.outputs
    for key, t in first.items():
        if key in out and isinstance(out[key], torch.Tensor) and out[key].dtype != t.dtype:
            raise Failure(f"key {key!r} came in as {str(t.dtype).removeprefix('torch.')} but the average is "
                          f"{str(out[key].dtype).removeprefix('torch.')}: keep each key's dtype")


def _model(g, dtype=torch.float32):
    return {
        "tok_emb.weight": torch.randn(7, 4, generator=g).to(dtype),
        "blocks.0.attn.W_Q": torch.randn(4, 4, generator=g).to(dtype),
        "blocks.0.ln.b": torch.randn(4, generator=g).to(dtype),
        "logit_scale": torch.randn((), generator=g).to(dtype),
    }


def cases():
    g = torch.Generator().manual_seed(20261208)
    five = [_model(g) for _ in range(5)]
    yield Case("last_five_float32", Call("average_checkpoints", five), check=dtypes_preserved)
    mixed = []
    for _ in range(3):
        sd = _model(g, torch.float64)
        sd["half.weight"] = (torch.randn(3, 5, generator=g) * 4).to(torch.float16)
        sd["bn.num_batches_tracked"] = torch.randint(0, 1000, (), generator=g)
        sd["counts"] = torch.randint(-50, 50, (6,), generator=g).to(torch.int32)
        mixed.append(sd)
    yield Case("mixed_dtypes", Call("average_checkpoints", mixed), check=dtypes_preserved)
    yield Case("single_checkpoint", Call("average_checkpoints", [_model(g)]), check=dtypes_preserved)
    yield Case("negative_integers_floor", Call("average_checkpoints", [{"n": torch.tensor([-7, -1, 2, 5])},
                                                                       {"n": torch.tensor([0, -1, 0, 0])},
                                                                       {"n": torch.tensor([1, 0, 0, 0])}]),
               check=dtypes_preserved)
    yield Case("empty_list_raises", Call("average_checkpoints", []))
    a, b = _model(g), _model(g)
    del b["blocks.0.ln.b"]
    yield Case("missing_key_raises", Call("average_checkpoints", [a, b]))
    a, b = _model(g), _model(g)
    b["extra.bias"] = torch.zeros(4)
    yield Case("extra_key_raises", Call("average_checkpoints", [a, b]))
    a, b = _model(g), _model(g)
    b["blocks.0.ln.b"] = b["blocks.0.ln.b"].reshape(1, 4)
    yield Case("broadcastable_shape_mismatch_raises", Call("average_checkpoints", [a, b]))
    a, b, c = _model(g), _model(g), _model(g)
    c["tok_emb.weight"] = torch.randn(8, 4, generator=g)
    yield Case("shape_mismatch_in_third_raises", Call("average_checkpoints", [a, b, c]))
