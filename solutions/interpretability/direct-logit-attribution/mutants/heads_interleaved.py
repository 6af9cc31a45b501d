"""Orders the columns head by head (l1 h0, l2 h0, l1 h1, ...) instead of layer by layer."""
import numpy as np


def logit_attribution(embed, l1, l2, W_U, tokens):
    W_U_correct = W_U[:, tokens[1:]]
    direct = np.einsum("td,dt->t", embed[:-1], W_U_correct)
    a = np.einsum("thd,dt->th", l1[:-1], W_U_correct)
    b = np.einsum("thd,dt->th", l2[:-1], W_U_correct)
    return np.concatenate([direct[:, None], np.stack([a, b], axis=-1).reshape(a.shape[0], -1)], axis=-1)
