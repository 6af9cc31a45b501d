"""Normalises the given importance in place (importance /= importance.sum()), changing the caller's tensor."""
import torch


def train_tms(F: int = 5, H: int = 2, p: float = 0.0, importance=None, steps: int = 300, seed: int = 0):
    torch.manual_seed(seed)  # every random draw below comes from this seed
    if importance is None:
        importance = 0.9 ** torch.arange(F, dtype=torch.float32)  # (F,) the paper's decay
    importance /= importance.sum()  # Adam does not care about the loss scale
    W = torch.empty(H, F)
    torch.nn.init.xavier_normal_(W)  # (H, F) column i is feature i's direction
    W.requires_grad_()
    b = torch.zeros(F, requires_grad=True)  # (F,)
    opt = torch.optim.Adam([W, b], lr=1e-1)
    for _ in range(steps):
        values = torch.rand(128, F)  # (128, F) uniform [0, 1)
        x = values * (torch.rand(128, F) >= p)  # zero with probability p: sparsity S = p
        x_hat = torch.relu(x @ W.T @ W + b)  # (128, F) down to H dimensions and back
        loss = (importance * (x - x_hat) ** 2).sum(-1).mean()  # importance-weighted, mean over batch
        opt.zero_grad()
        loss.backward()
        opt.step()
    return W.detach(), b.detach()
