"""Raises ValueError with a generic message that does not say which key is missing or misshapen."""
import torch


def average_checkpoints(state_dicts):
    if not state_dicts:
        raise ValueError("no checkpoints")
    first = state_dicts[0]
    for sd in state_dicts[1:]:
        if set(sd) != set(first):
            raise ValueError("the checkpoints do not have the same keys")
        if any(sd[k].shape != first[k].shape for k in first):
            raise ValueError("the checkpoints do not have the same shapes")
    n = len(state_dicts)
    out = {}
    for key, ref in first.items():
        if ref.is_floating_point():
            out[key] = (sum(sd[key].to(torch.float64) for sd in state_dicts) / n).to(ref.dtype)
        else:
            total = sum(sd[key].to(torch.int64) for sd in state_dicts)
            out[key] = torch.div(total, n, rounding_mode="floor").to(ref.dtype)
    return out
