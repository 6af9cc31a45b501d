"""Label-smoothed cross-entropy. See README.md for the statement."""
import numpy as np


def smoothed_cross_entropy(logits: np.ndarray, y: np.ndarray, eps: float, mode: str = "uniform") -> float:
    """Mean cross-entropy of softmax(logits) against label-smoothed targets.

    logits: (N, V) float array.
    y: (N,) int array of true classes in [0, V).
    eps: smoothing in [0, 1].
    mode: "uniform" (q = (1 - eps) * onehot + eps / V) or "t2t" (1 - eps on the true class,
          eps / (V - 1) on each other class); anything else raises ValueError.
    Returns a Python float.
    """
    # TODO: stable log-softmax (N, V); build the target distribution q (N, V) for the mode;
    #       loss = mean over rows of -sum(q * log_probs).
    raise NotImplementedError("smoothed_cross_entropy is not implemented yet")
