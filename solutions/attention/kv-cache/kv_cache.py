"""Incremental decoding with a key/value cache: one token at a time, same answer as full causal attention.

Source: the cached decoding of Tensor2Tensor / GPT-2 (`past` keys and values), e.g. GPT-2's model.py
`present = tf.stack([k, v])`; the attention itself is Vaswani et al. 2017, section 3.2.2.
"""
import numpy as np


def attend_step(x_t, cache, params):
    W_Q, W_K, W_V, W_O, b_O = (params[k] for k in ("W_Q", "W_K", "W_V", "W_O", "b_O"))
    Dh = W_Q.shape[-1]
    q = np.einsum("d,hde->he", x_t, W_Q)  # (H, Dh) only the new token's query is needed
    k_new = np.einsum("d,hde->he", x_t, W_K)[:, None, :]  # (H, 1, Dh)
    v_new = np.einsum("d,hde->he", x_t, W_V)[:, None, :]  # (H, 1, Dh)
    K = np.concatenate([cache["k"], k_new], axis=1)  # (H, t+1, Dh) append first: the token attends to itself
    V = np.concatenate([cache["v"], v_new], axis=1)  # (H, t+1, Dh)
    att = np.einsum("he,hse->hs", q, K) / np.sqrt(Dh)  # (H, t+1) no mask: the cache holds only the past
    att = np.exp(att - att.max(axis=-1, keepdims=True))
    att = att / att.sum(axis=-1, keepdims=True)
    z = np.einsum("hs,hse->he", att, V)  # (H, Dh)
    y = np.einsum("he,hed->d", z, W_O) + b_O  # (D,) heads summed through W_O
    return y, {"k": K, "v": V}


def run_steps(xs, params):
    H, _, Dh = params["W_Q"].shape
    cache = {"k": np.zeros((H, 0, Dh)), "v": np.zeros((H, 0, Dh))}  # the empty cache
    ys = []
    for x_t in xs:  # (D,) one token per step, as during generation
        y, cache = attend_step(x_t, cache, params)
        ys.append(y)
    return np.stack(ys), cache  # (T, D), cache of length T
