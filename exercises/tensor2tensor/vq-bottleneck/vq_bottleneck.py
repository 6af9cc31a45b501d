"""Vector-quantisation bottleneck with a straight-through gradient. See README.md for the statement."""
import torch


def vq_bottleneck(z: torch.Tensor, codebook: torch.Tensor, beta: float = 0.25):
    """Quantise each D-vector of z to its nearest codebook row.

    z: (..., D) float; codebook: (K, D) float; beta: commitment weight.
    Returns (z_q, codes, loss): z_q (..., D) equal to the chosen codes in value with gradient copied to z;
    codes (...) int64, ties to the lower index; loss 0-dim = mean((sg(z) - e)^2) + beta * mean((z - sg(e))^2).
    """
    # TODO: flatten z to (N, D), squared distances (N, K), argmin, gather, the two loss terms with .detach(),
    # and z_q = z + (e - z).detach().
    raise NotImplementedError("vq_bottleneck is not implemented yet")
