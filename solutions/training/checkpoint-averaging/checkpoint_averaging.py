"""Average the parameters of several checkpoints, key by key.

Source: Vaswani et al. 2017, section 6.1 ("a single model obtained by averaging the last 5
checkpoints"); fairseq's scripts/average_checkpoints.py (float accumulation, integer tensors
floor-divided); Tensor2Tensor's avg_checkpoints.
"""
import torch


def average_checkpoints(state_dicts: list[dict[str, torch.Tensor]]) -> dict[str, torch.Tensor]:
    if len(state_dicts) == 0:
        raise ValueError("no checkpoints to average")
    first = state_dicts[0]
    for i, sd in enumerate(state_dicts[1:], start=1):
        # compare both ways: a key missing from either side is an error, named in the message
        for key in first:
            if key not in sd:
                raise ValueError(f"checkpoint {i} has no key {key!r}")
        for key in sd:
            if key not in first:
                raise ValueError(f"checkpoint {i} has an extra key {key!r}")
        for key in first:
            if sd[key].shape != first[key].shape:
                raise ValueError(f"key {key!r}: shape {tuple(sd[key].shape)} in checkpoint {i}, "
                                 f"{tuple(first[key].shape)} in checkpoint 0")
    n = len(state_dicts)
    out = {}
    for key, ref in first.items():
        if ref.is_floating_point():
            # accumulate in float64 so float16/float32 sums lose nothing, then round once to the input dtype
            total = sum(sd[key].to(torch.float64) for sd in state_dicts)
            out[key] = (total / n).to(ref.dtype)
        else:
            # integer tensors (step counters, num_batches_tracked) stay integers: floor of the mean
            total = sum(sd[key].to(torch.int64) for sd in state_dicts)
            out[key] = torch.div(total, n, rounding_mode="floor").to(ref.dtype)
    return out
