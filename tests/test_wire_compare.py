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


def test_numpy_scalars_become_python_scalars():
    assert type(wire.decode(wire.encode(np.float32(1.5)))) is float
    assert type(wire.decode(wire.encode(np.int64(3)))) is int


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
    assert "dtype int64" in first_difference(np.ones(2), np.ones(2, dtype=np.int64), 0, 0)
    assert first_difference((1, [2.0]), [1, [2.0]], 0, 0) is None
    assert "missing keys" in first_difference({"a": 1}, {"b": 1}, 0, 0)
    assert "character 1" in first_difference("abc", "axc", 0, 0)
    assert first_difference(True, 1, 0, 0) is not None


def test_tolerance_is_respected():
    assert first_difference(np.array([1.0]), np.array([1.0 + 1e-7]), 1e-5, 0) is None
    assert first_difference(np.array([1.0]), np.array([1.001]), 1e-5, 0) is not None
