"""Builds the average in a collections.OrderedDict (like model.state_dict()) where a plain dict is asked."""
from collections import OrderedDict

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
    out = OrderedDict()
    for key, ref in first.items():
        if ref.is_floating_point():
            out[key] = (sum(sd[key].to(torch.float64) for sd in state_dicts) / n).to(ref.dtype)
        else:
            total = sum(sd[key].to(torch.int64) for sd in state_dicts)
            out[key] = torch.div(total, n, rounding_mode="floor").to(ref.dtype)
    return out
