"""Normalises f to sum to 1 (divides by k), so balanced routing gives 1 instead of k."""
import torch


def moh_balance_loss(gate_probs, mask):
    h = gate_probs.shape[-1]
    P = gate_probs.reshape(-1, h).mean(0)
    m = mask.reshape(-1, h).to(gate_probs.dtype)
    f = m.mean(0) / m.sum(-1).mean()
    return h * (P * f).sum()
