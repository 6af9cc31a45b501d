"""Singular values of a low-rank product AB without forming it (TransformerLens' FactoredMatrix).

Source: A Mathematical Framework for Transformer Circuits (Elhage et al., 2021): W_Q W_K^T and
W_V W_O are (D, D) maps of rank <= Dh; ARENA 1.2 "FactoredMatrix" computes their SVD through
the QR decompositions of the thin factors. https://transformer-circuits.pub/2021/framework/index.html
"""
import numpy as np


def factored_svd(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    # A = Q_A R_A and B^T = Q_B R_B with orthonormal columns in Q_A, Q_B, so
    # AB = Q_A (R_A R_B^T) Q_B^T: multiplying by Q_A on the left and Q_B^T on the right preserves
    # singular values, so AB has exactly the singular values of the small core.
    Q_A, R_A = np.linalg.qr(A)  # (m, k1), (k1, r) with k1 = min(m, r)
    Q_B, R_B = np.linalg.qr(B.T)  # (n, k2), (k2, r) with k2 = min(n, r)
    core = R_A @ R_B.T  # (k1, k2): at most r x r, cheap whatever m and n are
    return np.linalg.svd(core, compute_uv=False)  # (min(m, n, r),) descending
