"""Trains a linear model (no ReLU): it can only ever keep H features, however sparse the data."""
import torch


def train_tms(F=5, H=2, p=0.0, importance=None, steps=300, seed=0):
    torch.manual_seed(seed)
    if importance is None:
        importance = 0.9 ** torch.arange(F, dtype=torch.float32)
    W = torch.empty(H, F)
    torch.nn.init.xavier_normal_(W)
    W.requires_grad_()
    b = torch.zeros(F, requires_grad=True)
    opt = torch.optim.Adam([W, b], lr=1e-1)
    for _ in range(steps):
        x = torch.rand(128, F) * (torch.rand(128, F) >= p)
        loss = (importance * (x - (x @ W.T @ W + b)) ** 2).sum(-1).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    return W.detach(), b.detach()
