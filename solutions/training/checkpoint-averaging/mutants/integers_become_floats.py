"""Averages integer tensors with true division: step counters come back as floats."""
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
    return {key: sum(sd[key].to(torch.float64) for sd in state_dicts) / n for key in first}
