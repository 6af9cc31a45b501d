"""Multiplies the view embed[:-1] by the target unembeddings in place, overwriting the caller's embed."""
import numpy as np


def logit_attribution(embed, l1, l2, W_U, tokens):
    W_U_correct = W_U[:, tokens[1:]]  # (D, T-1)
    e = embed[:-1]  # a view
    e *= W_U_correct.T  # elementwise product, written into the caller's array
    direct = e.sum(-1)
    from_l1 = np.einsum("thd,dt->th", l1[:-1], W_U_correct)
    from_l2 = np.einsum("thd,dt->th", l2[:-1], W_U_correct)
    return np.concatenate([direct[:, None], from_l1, from_l2], axis=-1)
