"""One step of AdamW. See README.md for the statement."""
import numpy as np


def adamw_step(
    p: np.ndarray,
    g: np.ndarray,
    m: np.ndarray,
    v: np.ndarray,
    t: int,
    lr: float = 1e-3,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
    weight_decay: float = 1e-2,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One torch.optim.AdamW step for one parameter tensor.

    p: the parameter, float array of any shape S.
    g: its gradient, shape S.
    m, v: the first and second moment estimates before this step, shape S (zeros before step 1).
    t: the number of this step, counted from 1 (used for bias correction).
    lr, betas=(beta1, beta2), eps, weight_decay: as in torch.optim.AdamW.
    Returns the tuple (p, m, v) after the step: three new arrays of shape S.
    """
    # TODO: decay p by (1 - lr * weight_decay); update m and v; bias-correct with t;
    #       p -= lr / (1 - beta1**t) * m / (sqrt(v) / sqrt(1 - beta2**t) + eps).
    raise NotImplementedError("adamw_step is not implemented yet")
