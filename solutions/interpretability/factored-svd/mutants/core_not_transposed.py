"""Takes the core as R_A @ R_B instead of R_A @ R_B.T (B^T = Q_B R_B means B = R_B^T Q_B^T)."""
import numpy as np


def factored_svd(A, B):
    _, R_A = np.linalg.qr(A)
    _, R_B = np.linalg.qr(B.T)
    return np.linalg.svd(R_A @ R_B, compute_uv=False)
