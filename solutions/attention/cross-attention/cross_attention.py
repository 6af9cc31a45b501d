"""Encoder-decoder (cross) attention with a key padding mask.

Source: Vaswani et al. 2017, section 3.2.3 ("queries come from the previous decoder layer, and the memory
keys and values come from the output of the encoder"); key padding as torch.nn.MultiheadAttention's
key_padding_mask (True = padding, ignored).
"""
import numpy as np


def cross_attention(dec, enc, params, pad=None):
    W_Q, W_K, W_V, W_O, b_O = (params[k] for k in ("W_Q", "W_K", "W_V", "W_O", "b_O"))
    Dh = W_Q.shape[-1]
    q = np.einsum("td,hde->hte", dec, W_Q)  # (H, Tq, Dh) queries from the decoder
    k = np.einsum("sd,hde->hse", enc, W_K)  # (H, Tk, Dh) keys and values from the encoder
    v = np.einsum("sd,hde->hse", enc, W_V)  # (H, Tk, Dh)
    att = q @ np.swapaxes(k, -1, -2) / np.sqrt(Dh)  # (H, Tq, Tk)
    if pad is not None:
        att = np.where(~pad, att, -np.inf)  # (Tk,) broadcasts over heads and queries: pads get weight exactly 0
    att = np.exp(att - att.max(axis=-1, keepdims=True))
    w = att / att.sum(axis=-1, keepdims=True)  # (H, Tq, Tk)
    out = np.einsum("hte,hed->td", w @ v, W_O) + b_O  # (Tq, D) heads summed through W_O
    return out, w
