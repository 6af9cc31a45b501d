"""Visible examples for char-tokenizer: run with `dojo check char-tokenizer` or pytest."""
import numpy as np

from char_tokenizer import build_vocab, decode, encode, make_batch


def test_example_1_sorted_vocabulary():
    stoi, itos = build_vocab("hello world")
    assert stoi == {" ": 0, "d": 1, "e": 2, "h": 3, "l": 4, "o": 5, "r": 6, "w": 7}
    assert itos == {0: " ", 1: "d", 2: "e", 3: "h", 4: "l", 5: "o", 6: "r", 7: "w"}


def test_example_2_encode_decode():
    stoi, itos = build_vocab("hello world")
    ids = encode("hello", stoi)
    assert isinstance(ids, list) and ids == [3, 2, 4, 4, 5]
    assert all(type(i) is int for i in ids), "encode should return Python ints, not NumPy integers"
    given = [3, 2, 4, 4, 5]
    assert decode(given, itos) == "hello"
    assert given == [3, 2, 4, 4, 5], "decode modified its argument ids in place"


def test_example_3_batch_targets_are_shifted():
    out = make_batch(np.arange(10, 20), np.array([0, 5]), 4)
    assert type(out) is tuple, "make_batch returns a tuple (x, y)"
    x, y = out
    np.testing.assert_array_equal(x, [[10, 11, 12, 13], [15, 16, 17, 18]])
    np.testing.assert_array_equal(y, [[11, 12, 13, 14], [16, 17, 18, 19]])
