"""Compares the first checkpoint with the second only: a key missing from a later one is not refused."""
import torch


def average_checkpoints(state_dicts):
    if not state_dicts:
        raise ValueError("no checkpoints")
    first = state_dicts[0]
    if len(state_dicts) > 1:
        second = state_dicts[1]
        for key in set(first) | set(second):
            if key not in second or key not in first:
                raise ValueError(f"key {key!r} is not in every checkpoint")
            if second[key].shape != first[key].shape:
                raise ValueError(f"key {key!r} has another shape")
    n = len(state_dicts)
    out = {}
    for key, ref in first.items():
        if ref.is_floating_point():
            out[key] = (sum(sd[key].to(torch.float64) for sd in state_dicts) / n).to(ref.dtype)
        else:
            total = sum(sd[key].to(torch.int64) for sd in state_dicts)
            out[key] = torch.div(total, n, rounding_mode="floor").to(ref.dtype)
    return out
