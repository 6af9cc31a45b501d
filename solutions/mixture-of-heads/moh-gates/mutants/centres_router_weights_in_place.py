"""Centres the router weights in place (`W_r -= W_r.mean(...)`), which leaves the gates right but changes the caller's tensors."""
import torch


def moh_gates(x, W_s, W_r, W_h, k):
    h_s, h_r = W_s.shape[1], W_r.shape[1]
    if not 1 <= k <= h_r:
        raise ValueError("k")
    # centre each router's columns: softmax is shift-invariant, and the logits stay small
    W_s -= W_s.mean(dim=1, keepdim=True)
    W_r -= W_r.mean(dim=1, keepdim=True)
    W_h -= W_h.mean(dim=1, keepdim=True)
    p = torch.softmax(x @ W_r, -1)
    mask = torch.zeros_like(p).scatter(-1, p.topk(k, -1).indices, 1.0)
    routed = p * mask
    routed = routed / routed.sum(-1, keepdim=True) * k
    stage = 2 * torch.softmax(x @ W_h, -1)
    return torch.cat([h_s * torch.softmax(x @ W_s, -1) * stage[..., :1], routed * stage[..., 1:]], -1)
