"""Casts the logits to float32 (as a GPU sampler would): the probabilities come back float32, not float64."""
import numpy as np


def next_token_probs(logits: np.ndarray, temperature: float = 1.0, top_k: int | None = None,
                     top_p: float | None = None) -> np.ndarray:
    logits = np.asarray(logits, dtype=np.float32)  # (V,)
    V = logits.shape[0]
    if temperature < 0:
        raise ValueError(f"temperature must be >= 0, got {temperature}")
    if top_k is not None and top_k < 1:
        raise ValueError(f"top_k must be >= 1, got {top_k}")
    if top_p is not None and not 0.0 < top_p <= 1.0:
        raise ValueError(f"top_p must be in (0, 1], got {top_p}")
    if temperature == 0:
        probs = np.zeros(V, dtype=np.float32)
        probs[np.argmax(logits)] = 1.0  # greedy: np.argmax returns the lowest index among ties
        return probs

    z = logits / temperature  # (V,)
    # one ordering serves both filters: descending score, ties to the lower index (a stable sort)
    order = np.argsort(-z, kind="stable")  # (V,)
    keep = np.ones(V, dtype=bool)
    if top_k is not None and top_k < V:
        keep[order[top_k:]] = False  # exactly k survive, even when the k-th score is tied

    if top_p is not None:
        p = np.where(keep, np.exp(z - z.max()), 0.0)
        p = p / p.sum()  # the distribution after top-k
        ranked = order[keep[order]]  # surviving tokens, best first (same order as z)
        cum = np.cumsum(p[ranked])  # mass of each prefix
        n = int(np.searchsorted(cum >= top_p, True)) + 1  # first prefix whose mass reaches top_p
        keep[:] = False
        keep[ranked[:n]] = True

    e = np.where(keep, np.exp(z - z[keep].max()), 0.0)  # max-shifted: no overflow when temperature is tiny
    return e / e.sum()
