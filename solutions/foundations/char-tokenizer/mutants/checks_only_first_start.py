"""Checks only ix[0] against the bounds; the vectorised gather then wraps a later negative start around."""
import numpy as np


def build_vocab(text):
    chars = sorted(set(text))
    return {c: i for i, c in enumerate(chars)}, {i: c for i, c in enumerate(chars)}


def encode(text, stoi):
    return [stoi[c] for c in text]


def decode(ids, itos):
    return "".join(itos[int(i)] for i in ids)


def make_batch(data, ix, block):
    if not 0 <= ix[0] <= len(data) - block - 1:
        raise ValueError("start out of range")
    rows = ix[:, None] + np.arange(block)  # (B, block) vectorised gather
    return data[rows], data[rows + 1]
