"""Copying score of a head: how positive the eigenvalues of its full OV circuit are.

Source: A Mathematical Framework for Transformer Circuits (Elhage et al., 2021), "Detecting
copying behavior": sum(lambda_i) / sum(|lambda_i|) over eigenvalues of W_U W_OV W_E.
https://transformer-circuits.pub/2021/framework/index.html
"""
import numpy as np


def copying_score(W_E: np.ndarray, W_V: np.ndarray, W_O: np.ndarray, W_U: np.ndarray) -> float:
    # full OV = W_E (W_V W_O W_U): XY and YX share their non-zero eigenvalues, so rotate the chain
    # to the (Dh, Dh) matrix W_O W_U W_E W_V instead of eigen-decomposing a (V, V) one.
    small = W_O @ (W_U @ W_E) @ W_V  # (Dh, D) @ (D, D) @ (D, Dh) -> (Dh, Dh)
    lam = np.linalg.eigvals(small)  # complex in general: the matrix is not symmetric
    total = np.abs(lam).sum()
    if total == 0.0:  # a head that writes nothing (e.g. W_O = 0) copies nothing
        return 0.0
    return float(lam.sum().real / total)  # in [-1, 1]; 1 when every eigenvalue is real and positive
