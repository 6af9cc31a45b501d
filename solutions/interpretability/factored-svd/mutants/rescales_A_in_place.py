"""Scales A to unit max-entry in place for conditioning (A /= s), changing the caller's array."""
import numpy as np


def factored_svd(A, B):
    s = np.abs(A).max()
    if s > 0:
        A /= s  # better conditioned QR ... of the caller's A
    Q_A, R_A = np.linalg.qr(A)
    Q_B, R_B = np.linalg.qr(B.T)
    return np.linalg.svd(R_A @ R_B.T, compute_uv=False) * (s if s > 0 else 1.0)
