"""Averages every floating tensor in float32 and never casts back: float16 and float64 keys change dtype."""
import torch


def average_checkpoints(state_dicts):
    if not state_dicts:
        raise ValueError("empty")
    first = state_dicts[0]
    for sd in state_dicts[1:]:
        if set(sd) != set(first):
            raise ValueError(f"keys differ: {sorted(set(sd) ^ set(first))}")
        for key in first:
            if sd[key].shape != first[key].shape:
                raise ValueError(f"shape of {key!r}")
    n = len(state_dicts)
    out = {}
    for key, ref in first.items():
        if ref.is_floating_point():
            out[key] = sum(sd[key].float() for sd in state_dicts) / n
        else:
            out[key] = torch.div(sum(sd[key] for sd in state_dicts), n, rounding_mode="floor").to(ref.dtype)
    return out
