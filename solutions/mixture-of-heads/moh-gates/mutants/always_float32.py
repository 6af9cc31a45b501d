"""Casts everything to float32 (`.float()`), so float64 inputs come back as float32 gates."""
import torch


def moh_gates(x, W_s, W_r, W_h, k):
    h_s, h_r = W_s.shape[1], W_r.shape[1]
    if not 1 <= k <= h_r:
        raise ValueError("k")
    x, W_s, W_r, W_h = x.float(), W_s.float(), W_r.float(), W_h.float()
    p = torch.softmax(x @ W_r, -1)
    mask = torch.zeros_like(p).scatter(-1, p.topk(k, -1).indices, 1.0)
    routed = p * mask
    routed = routed / routed.sum(-1, keepdim=True) * k
    stage = 2 * torch.softmax(x @ W_h, -1)
    return torch.cat([h_s * torch.softmax(x @ W_s, -1) * stage[..., :1], routed * stage[..., 1:]], -1)
