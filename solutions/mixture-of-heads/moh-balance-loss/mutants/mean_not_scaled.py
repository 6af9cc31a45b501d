"""Returns mean(P * f) as the paper's sum would suggest, without the code's h_r * h_r factor."""
import torch


def moh_balance_loss(gate_probs, mask):
    h = gate_probs.shape[-1]
    P = gate_probs.reshape(-1, h).mean(0)
    f = mask.reshape(-1, h).to(gate_probs.dtype).mean(0)
    return (P * f).mean()
