"""SVD of a factored low-rank matrix. See README.md for the statement."""
import numpy as np


def factored_svd(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """The min(m, n, r) largest singular values of A @ B, descending, without forming A @ B.

    A: (m, r); B: (r, n). Returns (min(m, n, r),).
    """
    # TODO: QR of A and of B.T, then the singular values of the small core R_A @ R_B.T.
    raise NotImplementedError("factored_svd is not implemented yet")
