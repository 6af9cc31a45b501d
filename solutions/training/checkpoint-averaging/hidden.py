"""Hidden cases for checkpoint-averaging: dtypes, 0-d tensors, integer floors, overflow, and every error.

Each returning case checks the promised output: a plain dict with the first checkpoint's keys, each a tensor of
that key's dtype. Each error case with a key checks that the learner's message names it. The grader itself
checks, after every call, that the input dicts and tensors were not modified in place.
"""
import torch

from grader.protocol import Call, Case, Failure


def dtypes_preserved(ctx):
    first = ctx.calls[0].args[0][0]
    (out,) = ctx.outputs
    if type(out) is not dict:
        raise Failure(f"average_checkpoints should return a plain dict, got a {type(out).__name__}")
    if sorted(out) != sorted(first):
        raise Failure(f"the average should have exactly the keys {sorted(first)}, got {sorted(out)}")
    for key, t in out.items():
        if not isinstance(t, torch.Tensor):
            raise Failure(f"key {key!r} should be a torch.Tensor, got a {type(t).__name__}")
    for key, t in first.items():
        if key in out and isinstance(out[key], torch.Tensor) and out[key].dtype != t.dtype:
            raise Failure(f"key {key!r} came in as {str(t.dtype).removeprefix('torch.')} but the average is "
                          f"{str(out[key].dtype).removeprefix('torch.')}: keep each key's dtype")


def names_key(key):
    """The learner raised ValueError as the reference did: its message must name the offending key."""
    def check(ctx):
        message = getattr(ctx.outputs[0], "message", None)  # a grader.protocol.Raised with the learner's message
        if message is not None and key not in message:
            raise Failure(f"the ValueError should name the offending key {key!r}; its message is {message!r}")
    return check


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
    yield Case("missing_key_raises", Call("average_checkpoints", [a, b]), check=names_key("blocks.0.ln.b"))
    a, b, c = _model(g), _model(g), _model(g)
    del c["logit_scale"]
    yield Case("missing_key_in_third_raises", Call("average_checkpoints", [a, b, c]), check=names_key("logit_scale"))
    a, b = _model(g), _model(g)
    b["extra.bias"] = torch.zeros(4)
    yield Case("extra_key_raises", Call("average_checkpoints", [a, b]), check=names_key("extra.bias"))
    a, b = _model(g), _model(g)
    b["blocks.0.ln.b"] = b["blocks.0.ln.b"].reshape(1, 4)
    yield Case("broadcastable_shape_mismatch_raises", Call("average_checkpoints", [a, b]),
               check=names_key("blocks.0.ln.b"))
    a, b, c = _model(g), _model(g), _model(g)
    c["tok_emb.weight"] = torch.randn(8, 4, generator=g)
    yield Case("shape_mismatch_in_third_raises", Call("average_checkpoints", [a, b, c]), check=names_key("tok_emb.weight"))
    # sums that overflow the key's own dtype: 3 x 60000 is inf in float16, 100 + 120 + 110 wraps in int8
    big = [{"half": torch.tensor([60000.0, -60000.0, 1.5], dtype=torch.float16),
            "small": torch.tensor([v, -v, 3], dtype=torch.int8)} for v in (100, 120, 110)]
    yield Case("sums_would_overflow_own_dtype", Call("average_checkpoints", big), check=dtypes_preserved)
    # K = 2 with float64 and 0-d integer keys only (the step counter of Example 1)
    two = [{"w": torch.randn(2, 3, generator=g, dtype=torch.float64), "steps": torch.tensor(s)} for s in (7, 8)]
    yield Case("two_checkpoints_step_counter", Call("average_checkpoints", two), check=dtypes_preserved)
