"""Exponentiates the scores without subtracting the maximum: large negative scores give 0 / 0."""
import numpy as np


def attend_step(x_t, cache, params):
    W_Q, W_K, W_V, W_O, b_O = (params[k] for k in ("W_Q", "W_K", "W_V", "W_O", "b_O"))
    q = np.einsum("d,hde->he", x_t, W_Q)
    K = np.concatenate([cache["k"], np.einsum("d,hde->he", x_t, W_K)[:, None]], axis=1)
    V = np.concatenate([cache["v"], np.einsum("d,hde->he", x_t, W_V)[:, None]], axis=1)
    att = np.exp(np.einsum("he,hse->hs", q, K) / np.sqrt(W_Q.shape[-1]))
    att = att / att.sum(axis=-1, keepdims=True)
    return np.einsum("he,hed->d", np.einsum("hs,hse->he", att, V), W_O) + b_O, {"k": K, "v": V}


def run_steps(xs, params):
    H, _, Dh = params["W_Q"].shape
    cache = {"k": np.zeros((H, 0, Dh)), "v": np.zeros((H, 0, Dh))}
    ys = []
    for x_t in xs:
        y, cache = attend_step(x_t, cache, params)
        ys.append(y)
    return np.stack(ys), cache
