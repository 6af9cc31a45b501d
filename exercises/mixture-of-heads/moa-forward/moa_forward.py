"""MoA forward pass. See README.md for the statement."""
import torch


def moa(x: torch.Tensor, W_g: torch.Tensor, W_q: torch.Tensor, W_o: torch.Tensor, W_k: torch.Tensor,
        W_v: torch.Tensor, k: int, causal: bool = False) -> torch.Tensor:
    """Mixture of attention heads: each token uses its top-k of E attention experts.

    x: (B, T, D). W_g: (D, E) router. W_q: (E, D, dh) expert queries. W_o: (E, dh, D) expert outputs.
    W_k, W_v: (D, dh) shared keys and values. k: 1 <= k <= E (else ValueError). causal: mask future keys.
    Returns y: (B, T, D) = sum over the top-k experts e of p[e] * attention_e(x) @ W_o[e].
    """
    # TODO: top-k of softmax(x @ W_g) (no renormalising); K = x @ W_k, V = x @ W_v; per chosen expert a
    # query x @ W_q[e], scaled dot-product attention over K, V; combine with W_o[e] and the gates.
    raise NotImplementedError("moa is not implemented yet")
