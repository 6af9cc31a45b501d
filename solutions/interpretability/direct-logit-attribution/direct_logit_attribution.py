"""Direct logit attribution: how much each component adds to the logit of the correct next token.

Source: A Mathematical Framework for Transformer Circuits (Elhage et al., 2021), path expansion of
a two-layer attention-only model; ARENA 1.2 `logit_attribution` (next-token convention, T-1 positions).
https://transformer-circuits.pub/2021/framework/index.html
"""
import numpy as np


def logit_attribution(embed: np.ndarray, l1: np.ndarray, l2: np.ndarray, W_U: np.ndarray, tokens: np.ndarray) -> np.ndarray:
    # position t predicts token t+1, so the last position has no target and is dropped
    W_U_correct = W_U[:, tokens[1:]]  # (D, T-1): column t is the unembedding of the token after t
    direct = np.einsum("td,dt->t", embed[:-1], W_U_correct)  # (T-1,)
    from_l1 = np.einsum("thd,dt->th", l1[:-1], W_U_correct)  # (T-1, H)
    from_l2 = np.einsum("thd,dt->th", l2[:-1], W_U_correct)  # (T-1, H)
    return np.concatenate([direct[:, None], from_l1, from_l2], axis=-1)  # (T-1, 1 + 2H)
