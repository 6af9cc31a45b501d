"""Decodes by popping ids off the front of the caller's list, leaving it empty."""
import numpy as np


def build_vocab(text):
    chars = sorted(set(text))
    return {c: i for i, c in enumerate(chars)}, {i: c for i, c in enumerate(chars)}


def encode(text, stoi):
    return [stoi[c] for c in text]


def decode(ids, itos):
    out = ""
    while ids:
        out += itos[ids.pop(0)]
    return out


def make_batch(data, ix, block):
    n = len(data)
    for i in ix:
        if not 0 <= i <= n - block - 1:
            raise ValueError("start out of range")
    return np.stack([data[i:i + block] for i in ix]), np.stack([data[i + 1:i + 1 + block] for i in ix])
