"""Forms the (m, n) product and runs a full SVD: right answers, far too slow at m = n = 5000."""
import numpy as np


def factored_svd(A, B):
    k = min(A.shape[0], B.shape[1], A.shape[1])
    return np.linalg.svd(A @ B, compute_uv=False)[:k]
