"""Character tokenizer and batches. See README.md for the statement."""
import numpy as np


def build_vocab(text: str) -> tuple[dict[str, int], dict[int, str]]:
    """(stoi, itos) over the sorted distinct characters of `text`."""
    # TODO: sorted(set(text)), then a dict each way.
    raise NotImplementedError("build_vocab is not implemented yet")


def encode(text: str, stoi: dict[str, int]) -> list[int]:
    """One id per character of `text`; an unknown character raises KeyError."""
    # TODO
    raise NotImplementedError("encode is not implemented yet")


def decode(ids: list[int], itos: dict[int, str]) -> str:
    """The characters of `ids`, concatenated."""
    # TODO
    raise NotImplementedError("decode is not implemented yet")


def make_batch(data: np.ndarray, ix: np.ndarray, block: int) -> tuple[np.ndarray, np.ndarray]:
    """Windows of the corpus and their next-token targets.

    data: int array (N,), the encoded corpus.
    ix: int array (B,), window starts, each in [0, N - block - 1] (else raise ValueError).
    block: window length.
    Returns (x, y), both int arrays (B, block), with y[b, t] = data[ix[b] + t + 1].
    """
    # TODO: check the starts, then stack the slices data[i:i+block] and data[i+1:i+1+block].
    raise NotImplementedError("make_batch is not implemented yet")
