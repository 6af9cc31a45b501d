"""Lower-cases kind before checking it, so "Mean" is accepted instead of raising ValueError."""
import numpy as np


def next_token_loss(logits: np.ndarray, tokens: np.ndarray) -> float:
    logits = logits[:, :-1]  # (B, T-1, V): the last position has nothing to predict
    targets = tokens[:, 1:]  # (B, T-1): position t predicts token t+1
    m = logits.max(-1, keepdims=True)
    log_probs = logits - m - np.log(np.exp(logits - m).sum(-1, keepdims=True))  # stable log-softmax
    picked = np.take_along_axis(log_probs, targets[..., None], axis=-1)[..., 0]  # (B, T-1)
    return float(-picked.mean())


def ablation_scores(run, tokens: np.ndarray, kind: str = "zero") -> np.ndarray:
    kind = kind.lower()
    if kind not in ("zero", "mean"):
        raise ValueError(f"kind must be 'zero' or 'mean', got {kind!r}")
    clean = run(tokens)
    z = clean["z"]  # (L, B, T, H, Dh)
    L, B, T, H, Dh = z.shape
    base = next_token_loss(clean["logits"], tokens)
    out = np.zeros((L, H))
    for layer in range(L):
        for head in range(H):
            if kind == "zero":
                replacement = np.zeros((B, T, Dh))  # the head writes nothing
            else:
                # the head's typical output at each position: average over the batch, keep positions
                replacement = np.broadcast_to(z[layer, :, :, head].mean(axis=0, keepdims=True), (B, T, Dh))
            ablated = run(tokens, patch={(layer, head): replacement})
            out[layer, head] = next_token_loss(ablated["logits"], tokens) - base  # > 0: the head helped
    return out
