"""Checks keys but not shapes: (4,) and (1, 4) broadcast silently into a wrong-shaped average."""
import torch


def average_checkpoints(state_dicts):
    if not state_dicts:
        raise ValueError("empty")
    first = state_dicts[0]
    for sd in state_dicts[1:]:
        if set(sd) != set(first):
            raise ValueError(f"keys differ: {sorted(set(sd) ^ set(first))}")
    n = len(state_dicts)
    out = {}
    for key, ref in first.items():
        if ref.is_floating_point():
            out[key] = (sum(sd[key].to(torch.float64) for sd in state_dicts) / n).to(ref.dtype)
        else:
            out[key] = torch.div(sum(sd[key] for sd in state_dicts), n, rounding_mode="floor").to(ref.dtype)
    return out
