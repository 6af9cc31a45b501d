"""Combines the experts in float64 and returns float64 for float32 inputs."""
import math

import torch


def moa(x, W_g, W_q, W_o, W_k, W_v, k, causal=False):
    E, D, dh = W_q.shape
    if not 1 <= k <= E:
        raise ValueError("k")
    T = x.shape[1]
    gates, ex = torch.softmax(x @ W_g, -1).topk(k, -1)
    K, V = x @ W_k, x @ W_v
    q = torch.einsum("btd,btjdh->btjh", x, W_q[ex])
    att = torch.einsum("btjh,bsh->bjts", q, K) / math.sqrt(dh)
    if causal:
        att = att.masked_fill(~torch.ones(T, T, dtype=torch.bool).tril(), float("-inf"))
    heads = torch.einsum("bjts,bsh->btjh", torch.softmax(att, -1), V)
    out = torch.einsum("btjh,btjhd->btjd", heads, W_o[ex])
    return (gates.unsqueeze(-1).double() * out.double()).sum(2)
