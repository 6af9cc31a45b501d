"""Does not validate k, so k = 0 silently gives nan gates instead of raising ValueError."""
import torch


def moh_gates(x, W_s, W_r, W_h, k):
    h_s = W_s.shape[1]
    p = torch.softmax(x @ W_r, -1)
    mask = torch.zeros_like(p).scatter(-1, p.topk(min(k, p.shape[-1]), -1).indices, 1.0)
    routed = p * mask
    routed = routed / routed.sum(-1, keepdim=True) * k
    stage = 2 * torch.softmax(x @ W_h, -1)
    return torch.cat([h_s * torch.softmax(x @ W_s, -1) * stage[..., :1], routed * stage[..., 1:]], -1)
