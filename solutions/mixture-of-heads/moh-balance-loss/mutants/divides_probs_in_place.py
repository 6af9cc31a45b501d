"""Divides the probabilities by N in place on a reshape view, which changes the caller's gate_probs."""
import torch


def moh_balance_loss(gate_probs, mask):
    h = gate_probs.shape[-1]
    probs = gate_probs.reshape(-1, h)  # a view of the caller's tensor
    N = probs.shape[0]
    probs /= N
    P = probs.sum(0)
    f = mask.reshape(-1, h).to(gate_probs.dtype).mean(0)
    return h * (P * f).sum()
