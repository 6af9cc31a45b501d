"""Only checks that the first checkpoint's keys exist elsewhere: extra keys in later ones pass unnoticed."""
import torch


def average_checkpoints(state_dicts):
    if not state_dicts:
        raise ValueError("empty")
    first = state_dicts[0]
    for sd in state_dicts[1:]:
        for key in first:
            if key not in sd:
                raise ValueError(f"missing key {key!r}")
            if sd[key].shape != first[key].shape:
                raise ValueError(f"shape of {key!r}")
    n = len(state_dicts)
    out = {}
    for key, ref in first.items():
        if ref.is_floating_point():
            out[key] = (sum(sd[key].to(torch.float64) for sd in state_dicts) / n).to(ref.dtype)
        else:
            out[key] = torch.div(sum(sd[key] for sd in state_dicts), n, rounding_mode="floor").to(ref.dtype)
    return out
