"""Cross-entropy against label-smoothed targets.

Source: Szegedy et al. 2016, "Rethinking the Inception Architecture", section 7 (label-smoothing
regularisation); Vaswani et al. 2017, section 5.4 (eps_ls = 0.1). mode="uniform" is PyTorch's
F.cross_entropy(label_smoothing=eps); mode="t2t" spreads eps over the V - 1 wrong classes only, as
Tensor2Tensor's smoothing_cross_entropy builds its targets.
"""
import numpy as np


def smoothed_cross_entropy(logits: np.ndarray, y: np.ndarray, eps: float, mode: str = "uniform") -> float:
    N, V = logits.shape
    z = logits - logits.max(axis=1, keepdims=True)  # (N, V), shifted so exp cannot overflow
    log_probs = z - np.log(np.exp(z).sum(axis=1, keepdims=True))  # (N, V), log-softmax
    if mode == "uniform":
        q = np.full((N, V), eps / V)  # (N, V): eps spread over all V classes, the true one included
        q[np.arange(N), y] += 1.0 - eps
    elif mode == "t2t":
        q = np.full((N, V), eps / (V - 1))  # (N, V): eps spread over the V - 1 wrong classes
        q[np.arange(N), y] = 1.0 - eps
    else:
        raise ValueError(f"mode must be 'uniform' or 't2t', got {mode!r}")
    return float(-(q * log_probs).sum(axis=1).mean())  # cross-entropy per row, mean over the N rows
