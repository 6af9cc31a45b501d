"""MoH load-balance loss. See README.md for the statement."""
import torch


def moh_balance_loss(gate_probs: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """h_r * sum_i P_i f_i over the routed heads.

    gate_probs: (..., h_r) routed softmax probabilities. mask: (..., h_r) bool or 0/1, top-k selection.
    Returns a 0-dim tensor.
    """
    # TODO: flatten to (N, h_r); P = mean probability per head; f = fraction of tokens selecting each head.
    raise NotImplementedError("moh_balance_loss is not implemented yet")
