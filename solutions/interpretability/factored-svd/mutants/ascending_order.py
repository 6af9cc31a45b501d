"""Returns the singular values in ascending order."""
import numpy as np


def factored_svd(A, B):
    _, R_A = np.linalg.qr(A)
    _, R_B = np.linalg.qr(B.T)
    return np.sort(np.linalg.svd(R_A @ R_B.T, compute_uv=False))
