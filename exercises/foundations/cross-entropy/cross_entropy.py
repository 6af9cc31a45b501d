"""Cross-entropy with an ignore index. See README.md for the statement."""
import numpy as np


def cross_entropy(logits: np.ndarray, y: np.ndarray, ignore_index: int = -100) -> float:
    """Mean of -log softmax(logits)[y] over the rows whose label is not `ignore_index`.

    logits: float array (N, V), entries up to +-1e4.
    y: int array (N,), class indices in [0, V) or `ignore_index`.
    Returns a Python float; float("nan") when every row is ignored.
    """
    # TODO: keep the rows with y != ignore_index, take a stable log-sum-exp per row,
    # subtract the target logit, and average over the kept rows.
    raise NotImplementedError("cross_entropy is not implemented yet")
