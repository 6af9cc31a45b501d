"""Mean cross-entropy of logits against integer targets, with an ignore index.

Source: the loss of Karpathy's makemore / nanoGPT (`F.cross_entropy(logits, targets, ignore_index=-1)`),
written out with the log-sum-exp trick; same semantics as torch.nn.functional.cross_entropy.
"""
import numpy as np


def cross_entropy(logits: np.ndarray, y: np.ndarray, ignore_index: int = -100) -> float:
    keep = y != ignore_index  # (N,) rows that count
    if not keep.any():
        return float("nan")  # 0 / 0, as PyTorch's mean reduction gives
    z = logits[keep]  # (n, V)
    t = y[keep]  # (n,)
    m = z.max(axis=-1, keepdims=True)  # (n, 1) shift so exp never overflows
    lse = m[:, 0] + np.log(np.exp(z - m).sum(axis=-1))  # (n,) log sum_j e^{z_j}
    nll = lse - z[np.arange(len(t)), t]  # (n,) -log p(target)
    return float(nll.mean())
