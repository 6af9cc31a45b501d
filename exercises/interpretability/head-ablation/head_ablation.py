"""Zero and mean head ablation. See README.md for the statement."""
import numpy as np


def ablation_scores(run, tokens: np.ndarray, kind: str = "zero") -> np.ndarray:
    """Rise in next-token loss when each head's z is replaced (zeros, or its batch mean).

    run(tokens, patch=None) -> {"logits": (B, T, V), "z": (L, B, T, H, Dh)};
      patch = {(layer, head): array broadcastable to (B, T, Dh)} replaces that head's z.
    tokens: (B, T) ints; kind: "zero" or "mean" (anything else raises ValueError).
    Returns (L, H): loss(ablated) - loss(clean), loss = mean cross-entropy of tokens[:, t+1] at t = 0..T-2.
    """
    # TODO: validate kind, clean run and loss, then one patched run per (layer, head).
    raise NotImplementedError("ablation_scores is not implemented yet")
