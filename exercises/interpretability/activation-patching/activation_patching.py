"""Activation patching of the residual stream. See README.md for the statement."""
import numpy as np


def patch_residual(run, clean_cache: dict, corrupt_tokens: np.ndarray, metric) -> np.ndarray:
    """Normalised effect of restoring each clean residual vector in the corrupted run.

    run(tokens, patch=None) -> {"resid_pre": (L, T, D), "logits": (T, V)};
      patch = (layer, pos, vector (D,)) replaces the stream at `pos` just before layer `layer`.
    clean_cache: run(clean_tokens); corrupt_tokens: (T,) ints; metric(logits (T, V)) -> float.
    Returns (L, T): (m_patched - m_corrupt) / (m_clean - m_corrupt) for every (layer, pos).
    """
    # TODO: the two baselines, then one patched run per (layer, pos).
    raise NotImplementedError("patch_residual is not implemented yet")
