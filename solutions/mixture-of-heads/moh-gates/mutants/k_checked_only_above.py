"""Only rejects k > h_r: k = 0 gives nan gates and a negative k a RuntimeError instead of ValueError."""
import torch


def moh_gates(x, W_s, W_r, W_h, k):
    h_s, h_r = W_s.shape[1], W_r.shape[1]
    if k > h_r:
        raise ValueError("k")
    p = torch.softmax(x @ W_r, -1)
    mask = torch.zeros_like(p).scatter(-1, p.topk(k, -1).indices, 1.0)
    routed = p * mask
    routed = routed / routed.sum(-1, keepdim=True) * k
    stage = 2 * torch.softmax(x @ W_h, -1)
    return torch.cat([h_s * torch.softmax(x @ W_s, -1) * stage[..., :1], routed * stage[..., 1:]], -1)
