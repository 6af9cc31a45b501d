"""Takes eigenvalues of the full (V, V) circuit: right answers, too slow for a large vocabulary."""
import numpy as np


def copying_score(W_E, W_V, W_O, W_U):
    lam = np.linalg.eigvals(W_E @ W_V @ W_O @ W_U)
    total = np.abs(lam).sum()
    if total == 0.0:
        return 0.0
    return float(lam.sum().real / total)
