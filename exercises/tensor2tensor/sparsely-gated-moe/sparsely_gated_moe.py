"""A sparsely-gated mixture-of-experts layer (Shazeer et al. 2017). See README.md for the statement."""
import math

import numpy as np


def moe_layer(x, W_gate, W_noise, experts, k, noise):
    """Noisy top-k gating, dispatch to ReLU FFN experts, combine, and the two balancing losses.

    x: (N, D); W_gate, W_noise: (D, E); noise: (N, E) standard-normal draws; 1 <= k <= E.
    experts: {"W1": (E, D, H), "b1": (E, H), "W2": (E, H, D_out), "b2": (E, D_out)}.
    Returns (y (N, D_out), gates (N, E), importance_loss: float, load_loss: float).
    Raises ValueError when k is outside [1, E].
    """
    # TODO: h = x W_gate + noise * softplus(x W_noise); keep the top k per row (ties to the lower index);
    # softmax over the kept; y = sum of gate * expert output; CV^2 of importance and of the smooth load.
    raise NotImplementedError("moe_layer is not implemented yet")
