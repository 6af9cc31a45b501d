"""The plain-data wire format and the comparison that feeds learners their first difference."""
from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from grader import wire
from grader.compare import first_difference


@pytest.mark.parametrize("value", [
    None, True, 3, -2**70, 1.5, float("inf"), "héllo", [1, [2.0, "x"]], (1, (2,)), {"a": 1, 2: "b"},
    np.arange(6, dtype=np.int32).reshape(2, 3), np.array(2.5), np.zeros((0, 3)),
])
def test_round_trip(value):
    back = wire.decode(wire.encode(value))
    if isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and np.array_equal(back, value)
    else:
        assert back == value and type(back) is type(value)


def test_nan_round_trips():
    assert math.isnan(wire.decode(wire.encode(float("nan"))))


def test_tensor_keeps_its_kind_and_dtype():
    t = torch.arange(4, dtype=torch.float32).requires_grad_(True)
    back = wire.decode(wire.encode(t))
    assert isinstance(back, torch.Tensor) and back.dtype == torch.float32 and back.requires_grad
    assert wire.decode(wire.encode(torch.ones(2, dtype=torch.bfloat16))).dtype == torch.bfloat16


@pytest.mark.parametrize("value", [
    np.float16(1.5), np.float32(0.1), np.float64(-2.25), np.int8(-7), np.int32(3), np.int64(2**62), np.uint8(255),
    np.uint64(2**64 - 1), np.bool_(True), np.complex64(1 - 2j), np.complex128(3 + 0.5j), np.float64("nan"),
])
def test_numpy_scalars_keep_their_exact_type(value):
    """np.int64 is not a Python int, np.float32 not a float: each travels as itself, bit for bit."""
    back = wire.decode(wire.encode(value))
    assert type(back) is type(value)
    assert np.asarray(back).tobytes() == np.asarray(value).tobytes()


def test_python_scalars_stay_python_scalars():
    for value in (3, 2.5, True, -2**70):
        assert type(wire.decode(wire.encode(value))) is type(value)


def test_containers_keep_their_exact_type():
    import collections

    od = collections.OrderedDict([("b", np.ones(2, np.float32)), ("a", (1, [np.int64(2)]))])
    back = wire.decode(wire.encode({"state": od, "plain": {"x": 1}, "pair": ([], ())}))
    assert type(back["state"]) is collections.OrderedDict and list(back["state"]) == ["b", "a"]
    assert back["state"]["b"].dtype == np.float32
    assert type(back["state"]["a"]) is tuple and type(back["state"]["a"][1]) is list
    assert type(back["state"]["a"][1][0]) is np.int64
    assert type(back["plain"]) is dict and type(back["pair"][0]) is list and type(back["pair"][1]) is tuple


def test_other_dict_subclasses_and_numpy_strings_are_refused():
    import collections

    for bad in (collections.defaultdict(int, a=1), np.str_("a"), np.datetime64("2020-01-01")):
        with pytest.raises(wire.WireError):
            wire.encode(bad)


@pytest.mark.parametrize("bad", [object(), np.array([1, "a"], dtype=object), {(1, 2): 3}, np.ones(2).view(np.matrix),
                                 lambda: 0, b"bytes"])
def test_refuses_anything_but_plain_data(bad):
    with pytest.raises(wire.WireError):
        wire.encode(bad)


@pytest.mark.parametrize("data", [b"", b"DOJO1", b"DOJO1" + (5).to_bytes(8, "little") + b"{bad", b"PICKLE",
                                  b"DOJO1" + (2).to_bytes(8, "little") + b"{}",
                                  b"DOJO1" + (12).to_bytes(8, "little") + b'{"$array":0}'])
def test_malformed_messages_are_rejected(data):
    with pytest.raises(wire.WireError):
        wire.decode(data)


def test_pickled_array_is_rejected():
    import io

    buf = io.BytesIO()
    np.save(buf, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    header = b'{"$array": 0}'
    msg = b"DOJO1" + len(header).to_bytes(8, "little") + header + len(buf.getvalue()).to_bytes(8, "little") + buf.getvalue()
    with pytest.raises(wire.WireError):
        wire.decode(msg)


def test_shape_is_checked_before_values():
    """Does a transposed answer name both shapes instead of broadcasting?"""
    assert first_difference(np.ones((2, 3)), np.ones((3, 2)), 1e-5, 1e-6) == "output has shape (3, 2), expected (2, 3)"
    assert "shape (1, 3)" in first_difference(np.ones((3,)), np.ones((1, 3)), 1e-5, 1e-6)


def test_value_difference_names_the_index_and_error():
    exp = np.zeros((2, 2))
    act = exp.copy()
    act[1, 0] = 0.5
    msg = first_difference(exp, act, 1e-5, 1e-6)
    assert "max abs error 0.5 at index (1, 0)" in msg and "1 of 4 entries" in msg


def test_nan_and_inf_are_reported():
    act = np.array([1.0, np.nan, np.inf])
    assert "NaN at index (1,)" in first_difference(np.ones(3), act, 1e-5, 1e-6)
    assert first_difference(np.array([np.nan]), np.array([np.nan]), 0, 0) is None


def test_types_are_checked():
    assert "expected a torch.Tensor" in first_difference(torch.ones(2), np.ones(2), 0, 0)
    assert "got int64" in first_difference(np.ones(2), np.ones(2, dtype=np.int64), 0, 0)
    assert "dtype int64 (integer)" in first_difference(np.ones(2), np.ones(2, dtype=np.int64), 0, 0, exact_types=False)
    assert "missing keys" in first_difference({"a": 1}, {"b": 1}, 0, 0)
    assert "character 1" in first_difference("abc", "axc", 0, 0)
    assert first_difference(True, 1, 0, 0) is not None
    assert first_difference(True, 1, 0, 0, exact_types=False) is not None


@pytest.mark.parametrize("expected, actual, words", [
    (np.ones(2, np.float32), np.ones(2), "expected dtype float32, got float64"),
    (torch.ones(2), torch.ones(2, dtype=torch.float64), "expected dtype float32, got float64"),
    (torch.ones(2, dtype=torch.int64), torch.ones(2, dtype=torch.int32), "expected dtype int64, got int32"),
    (3, np.int64(3), "expected a Python int, got numpy.int64"),
    (1.5, np.float64(1.5), "expected a Python float, got numpy.float64"),
    (1.5, np.float32(1.5), "expected a Python float, got numpy.float32"),
    (np.float32(1.5), np.float64(1.5), "expected numpy.float32, got numpy.float64"),
    (True, np.bool_(True), "expected a Python bool, got numpy.bool"),
    ((1, 2), [1, 2], "expected a tuple of length 2, got a list of length 2"),
    ({"a": 1}, __import__("collections").OrderedDict(a=1), "expected a dict, got an OrderedDict"),
    (1.5, np.array(1.5), "expected a Python float, got an np.ndarray of shape ()"),
    ([(1, 2.0)], [[1, 2.0]], "output[0]: expected a tuple"),
])
def test_exact_types_name_both_types(expected, actual, words):
    """By default the types are exact; exact_types=False compares them by family and lets these pass."""
    message = first_difference(expected, actual, 1e-5, 1e-6)
    assert message is not None and words in message
    assert first_difference(expected, actual, 1e-5, 1e-6, exact_types=False) is None


def test_exact_types_still_compare_values():
    assert first_difference(np.float32(1.0), np.float32(1.0), 0, 0) is None
    assert "got 2, expected 1" in first_difference(np.int64(1), np.int64(2), 0, 0)
    assert first_difference(10**20, 10**20 + 1, 1e-5, 1e-6) is not None  # Python ints are exact, however large
    assert first_difference((1, [2.0]), (1, [2.0 + 1e-9]), 1e-5, 1e-6) is None


@pytest.mark.parametrize("expected, actual", [(0.000699, 0.0006994), (1.0, 1.0000001), (123456.7, 123456.70001),
                                              (-2.5e-12, -2.50000000001e-12)])
def test_feedback_numbers_use_significant_digits(expected, actual):
    """Got and expected always read differently when they differ, however close or small."""
    import re

    message = first_difference(np.array([expected]), np.array([actual]), 0, 0)
    got, want = re.search(r"got (\S+), expected (\S+);", message).groups()
    assert got != want
    assert float(got) == pytest.approx(actual, rel=1e-6) and float(want) == pytest.approx(expected, rel=1e-6)
    error = float(re.search(r"max abs error (\S+)", message).group(1))
    assert error == pytest.approx(abs(actual - expected), rel=1e-2)


def test_tolerance_is_respected():
    assert first_difference(np.array([1.0]), np.array([1.0 + 1e-7]), 1e-5, 0) is None
    assert first_difference(np.array([1.0]), np.array([1.001]), 1e-5, 0) is not None
