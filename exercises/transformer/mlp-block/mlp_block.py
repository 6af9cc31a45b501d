"""The transformer's position-wise MLP. See README.md for the statement."""
import numpy as np


def mlp(x: np.ndarray, W_in: np.ndarray, b_in: np.ndarray, W_out: np.ndarray, b_out: np.ndarray) -> np.ndarray:
    """GELU(x @ W_in + b_in) @ W_out + b_out, with GELU in its tanh approximation.

    x: (..., T, D); W_in: (D, d_mlp); b_in: (d_mlp,); W_out: (d_mlp, D); b_out: (D,).
    Returns an array of shape (..., T, D).
    """
    # TODO: project up, apply the tanh GELU, project down.
    raise NotImplementedError("mlp is not implemented yet")
