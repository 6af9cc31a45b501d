"""A character-level tokenizer and nanoGPT's get_batch, without the randomness.

Source: Karpathy, "Let's build GPT: from scratch, in code, spelled out" and nanoGPT's
data/shakespeare_char/prepare.py (stoi / itos) and train.py (get_batch).
"""
import numpy as np


def build_vocab(text: str) -> tuple[dict[str, int], dict[int, str]]:
    chars = sorted(set(text))  # sorted by code point: the vocabulary does not depend on the order of the text
    stoi = {ch: i for i, ch in enumerate(chars)}
    itos = {i: ch for i, ch in enumerate(chars)}
    return stoi, itos


def encode(text: str, stoi: dict[str, int]) -> list[int]:
    return [stoi[ch] for ch in text]  # an unknown character raises KeyError


def decode(ids: list[int], itos: dict[int, str]) -> str:
    return "".join(itos[int(i)] for i in ids)  # int(): ids may be numpy integers


def make_batch(data: np.ndarray, ix: np.ndarray, block: int) -> tuple[np.ndarray, np.ndarray]:
    n = len(data)
    for i in ix:
        if not 0 <= i <= n - block - 1:  # y needs one token past the end of x
            raise ValueError(f"start {i} out of range: need 0 <= i <= len(data) - block - 1 = {n - block - 1}")
    x = np.stack([data[i : i + block] for i in ix])  # (B, block)
    y = np.stack([data[i + 1 : i + 1 + block] for i in ix])  # (B, block) the next token at every position
    return x, y
