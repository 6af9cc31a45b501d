"""Computes the gates in float64 (`x.double()`) and returns float64 for float32 inputs."""
import torch


def moh_gates(x, W_s, W_r, W_h, k):
    h_s, h_r = W_s.shape[1], W_r.shape[1]
    if not 1 <= k <= h_r:
        raise ValueError("k")
    x, W_s, W_r, W_h = x.double(), W_s.double(), W_r.double(), W_h.double()
    p = torch.softmax(x @ W_r, -1)
    mask = torch.zeros_like(p).scatter(-1, p.topk(k, -1).indices, 1.0)
    routed = p * mask
    routed = routed / routed.sum(-1, keepdim=True) * k
    stage = 2 * torch.softmax(x @ W_h, -1)
    return torch.cat([h_s * torch.softmax(x @ W_s, -1) * stage[..., :1], routed * stage[..., 1:]], -1)
