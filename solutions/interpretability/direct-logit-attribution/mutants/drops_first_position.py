"""Drops position 0 instead of the last: pairs the residual at t+1 with the token at t+1."""
import numpy as np


def logit_attribution(embed, l1, l2, W_U, tokens):
    W_U_correct = W_U[:, tokens[1:]]
    direct = np.einsum("td,dt->t", embed[1:], W_U_correct)
    return np.concatenate([direct[:, None], np.einsum("thd,dt->th", l1[1:], W_U_correct),
                           np.einsum("thd,dt->th", l2[1:], W_U_correct)], axis=-1)
