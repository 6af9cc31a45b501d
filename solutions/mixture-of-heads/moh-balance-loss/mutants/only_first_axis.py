"""Averages over the first axis only, so a (B, T, h_r) input is treated as T separate heads."""
import torch


def moh_balance_loss(gate_probs, mask):
    h = gate_probs.shape[-1]
    P = gate_probs.mean(0)
    f = mask.to(gate_probs.dtype).mean(0)
    return h * (P * f).sum() / max(1, P.numel() // h)
