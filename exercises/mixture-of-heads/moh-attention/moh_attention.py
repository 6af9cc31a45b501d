"""Mixture-of-Head attention. See README.md for the statement."""
import torch


def moh_attention(x: torch.Tensor, mha_params: dict, gate_params: dict, k: int, causal: bool = False) -> torch.Tensor:
    """Multi-head attention whose head outputs are weighted by per-token MoH gates.

    x: (B, T, D).
    mha_params: "W_Q", "W_K", "W_V": (H, D, Dh); "W_O": (H, Dh, D); "b_O": (D,).
    gate_params: "W_s": (D, h_s) shared router; "W_r": (D, h_r) routed router; "W_h": (D, 2)
    two-stage router; h_s >= 1, h_r >= 1 and h_s + h_r == H (else ValueError); heads 0..h_s-1 are the shared ones.
    k: routed heads per token, 1 <= k <= h_r (else ValueError). causal: mask future keys.
    Returns y: (B, T, D) = sum_i g[..., i] * (head_i @ W_O[i]) + b_O.
    """
    # TODO: per-head attention (B, H, T, Dh); gates (B, T, H) as in moh-gates; gated sum over heads of
    # head_i @ W_O[i]; add b_O once.
    raise NotImplementedError("moh_attention is not implemented yet")
