"""Detaches the loss (`.detach()`), so it has the right value but no gradient flows to gate_probs."""
import torch


def moh_balance_loss(gate_probs, mask):
    h = gate_probs.shape[-1]
    P = gate_probs.reshape(-1, h).mean(0)
    f = mask.reshape(-1, h).to(gate_probs.dtype).mean(0)
    return (h * (P * f).sum()).detach()
