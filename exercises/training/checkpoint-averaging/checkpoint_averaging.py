"""Checkpoint averaging. See README.md for the statement."""
import torch


def average_checkpoints(state_dicts: list[dict[str, torch.Tensor]]) -> dict[str, torch.Tensor]:
    """Element-wise mean, key by key, of several checkpoints of the same model.

    state_dicts: a non-empty list of dicts mapping parameter names to tensors; every dict must have the
        same keys, and each key the same shape in every dict (otherwise ValueError naming the key).
    Returns a new dict with the same keys: floating tensors hold the mean in their own dtype
    (accumulated in float64); integer tensors hold the floor of the mean, in their own dtype.
    """
    # TODO: validate (empty list, keys both ways, shapes); then average each key.
    raise NotImplementedError("average_checkpoints is not implemented yet")
