"""MoH gates: shared and routed heads. See README.md for the statement."""
import torch


def moh_gates(x: torch.Tensor, W_s: torch.Tensor, W_r: torch.Tensor, W_h: torch.Tensor, k: int) -> torch.Tensor:
    """Per-token head gates of Mixture-of-Head attention (SkyworkAI/MoH convention).

    x: (..., D) tokens. W_s: (D, h_s) shared router. W_r: (D, h_r) routed router.
    W_h: (D, 2) two-stage router. k: routed heads per token, 1 <= k <= h_r (else ValueError).
    Returns (..., h_s + h_r): shared gates first, then routed gates (h_r - k zeros per token).
    """
    # TODO: routed = k * renormalised top-k of softmax(x @ W_r); shared = h_s * softmax(x @ W_s);
    # scale both by 2 * softmax(x @ W_h) (column 0 for shared, 1 for routed); concatenate.
    raise NotImplementedError("moh_gates is not implemented yet")
