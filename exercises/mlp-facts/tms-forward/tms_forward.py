"""The toy model of superposition: forward pass, loss and data. See README.md for the statement."""
import numpy as np


def tms_forward(x: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """x_hat = ReLU(x W^T W + b).

    x: (B, F) feature values; W: (H, F), column i embeds feature i; b: (F,).
    Returns x_hat of shape (B, F).
    """
    # TODO: project down to (B, H) with W^T, back up with W, add b, apply the ReLU.
    raise NotImplementedError("tms_forward is not implemented yet")


def tms_loss(x: np.ndarray, x_hat: np.ndarray, importance: np.ndarray) -> float:
    """Importance-weighted squared error: sum over features, mean over the batch.

    x, x_hat: (B, F); importance: (F,). Returns a Python float.
    """
    # TODO
    raise NotImplementedError("tms_loss is not implemented yet")


def sample_features(B: int, F: int, p: float, seed: int) -> np.ndarray:
    """A (B, F) batch: each feature is zero with probability p, else uniform in [0, 1).

    Use rng = np.random.default_rng(seed); draw the values first, then the mask (see README.md).
    """
    # TODO
    raise NotImplementedError("sample_features is not implemented yet")
