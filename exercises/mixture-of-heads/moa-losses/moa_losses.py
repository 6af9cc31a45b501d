"""MoA router losses. See README.md for the statement."""
import torch


def moa_losses(logits: torch.Tensor, k: int) -> dict:
    """Switch, CV and z auxiliary losses of a top-k router.

    logits: (..., E) router logits; flatten to (N, E). k: 1 <= k <= E (else ValueError).
    Returns {"switch": 0-dim tensor, "cv": 0-dim tensor, "z": 0-dim tensor}.
    """
    # TODO: probs = softmax; top-k gates (not renormalised) and assignment mask;
    # switch = E * sum(P * f); cv = var(G_hat) / mean(G_hat)**2 (unbiased); z = mean(logsumexp(logits)**2).
    raise NotImplementedError("moa_losses is not implemented yet")
