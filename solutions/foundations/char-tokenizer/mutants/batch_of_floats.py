"""Fills preallocated np.zeros((B, block)) arrays, which are float64, so x and y are not integer arrays."""
import numpy as np


def build_vocab(text):
    chars = sorted(set(text))
    return {c: i for i, c in enumerate(chars)}, {i: c for i, c in enumerate(chars)}


def encode(text, stoi):
    return [stoi[c] for c in text]


def decode(ids, itos):
    return "".join(itos[int(i)] for i in ids)


def make_batch(data, ix, block):
    n = len(data)
    x, y = np.zeros((len(ix), block)), np.zeros((len(ix), block))
    for b, i in enumerate(ix):
        if not 0 <= i <= n - block - 1:
            raise ValueError("start out of range")
        x[b], y[b] = data[i:i + block], data[i + 1:i + 1 + block]
    return x, y
