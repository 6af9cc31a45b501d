"""Converts the mask with `.double()`, so a float32 input gives a float64 loss."""
import torch


def moh_balance_loss(gate_probs, mask):
    h = gate_probs.shape[-1]
    P = gate_probs.reshape(-1, h).mean(0)
    f = mask.reshape(-1, h).double().mean(0)
    return h * (P * f).sum()
