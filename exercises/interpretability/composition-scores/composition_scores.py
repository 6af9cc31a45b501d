"""Q-, K- and V-composition scores. See README.md for the statement."""
import numpy as np


def composition_score(W_A: np.ndarray, W_B: np.ndarray) -> float:
    """||W_A @ W_B||_F / (||W_A||_F * ||W_B||_F).

    W_A: (p, q); W_B: (q, s). Returns a float in [0, 1].
    """
    # TODO: three Frobenius norms.
    raise NotImplementedError("composition_score is not implemented yet")


def composition_scores(layer0: dict, layer1: dict) -> dict:
    """Q-, K- and V-composition of every layer-0 head into every layer-1 head.

    layer0, layer1: dicts with "W_Q", "W_K", "W_V" of shape (H, D, Dh) and "W_O" of shape (H, Dh, D).
    Returns {"q": (H0, H1), "k": (H0, H1), "v": (H0, H1)} with [i, j] = layer-0 head i into layer-1 head j:
      q: composition_score(W_OV0[i], W_QK1[j])
      k: composition_score(W_OV0[i], W_QK1[j].T)
      v: composition_score(W_OV0[i], W_OV1[j])
    where W_OV = W_V @ W_O and W_QK = W_Q @ W_K.T, per head.
    """
    # TODO: build W_OV and W_QK per head, then fill three (H0, H1) tables.
    raise NotImplementedError("composition_scores is not implemented yet")
