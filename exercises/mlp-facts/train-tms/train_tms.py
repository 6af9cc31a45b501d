"""Train the toy model of superposition. See README.md for the statement."""
import torch


def train_tms(F: int = 5, H: int = 2, p: float = 0.0, importance=None, steps: int = 300, seed: int = 0):
    """Train x_hat = ReLU(x W^T W + b) on features that are zero with probability p.

    F: number of features; H: hidden dimensions; p: sparsity (probability a feature is zero);
    importance: (F,) float32 tensor, or None for 0.9 ** arange(F); steps: Adam steps; seed: torch seed.
    Returns (W, b): detached float32 tensors of shapes (H, F) and (F,).
    Recipe (README.md): torch.manual_seed(seed); W xavier_normal_, b zeros; Adam lr=0.1;
    each step a fresh batch of 128; loss = (importance * (x - x_hat) ** 2).sum(-1).mean().
    """
    # TODO
    raise NotImplementedError("train_tms is not implemented yet")
