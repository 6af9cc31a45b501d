"""A child can write any bytes on its result pipe: decoding them raises WireError and nothing else,
costs no more than the bytes' length, and a bad frame costs the call it stands for."""
from __future__ import annotations

import io
import json
import random
import struct
import tracemalloc

import numpy as np
import pytest

from grader import wire
from grader.sandbox.outcome import RESULT_CAP, RunOutcome, drain_frames, unreadable_result


def message(header: bytes, *blobs: bytes) -> bytes:
    parts = [wire.MAGIC, struct.pack("<Q", len(header)), header]
    for blob in blobs:
        parts += [struct.pack("<Q", len(blob)), blob]
    return b"".join(parts)


def frame(data: bytes) -> bytes:
    return struct.pack("<I", len(data)) + data


def npy_header(shape: tuple[int, ...], descr: str = "<f8") -> bytes:
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(buf, {"descr": descr, "fortran_order": False, "shape": shape})
    return buf.getvalue()


def call_header(value: object) -> bytes:
    pairs = [["t", "call"], ["i", 0], ["ok", True], ["seconds", 0.1], ["value", value]]
    return json.dumps({"$dict": pairs}).encode()


HOSTILE = {
    "non-numeric bigint": message(call_header({"$bigint": "12abc"})),
    "bigint of 5000 digits": message(call_header({"$bigint": "9" * 5000})),
    "bigint not a string": message(call_header({"$bigint": [1, 2]})),
    "JSON 100,000 deep": message(b"[" * 100_000 + b"]" * 100_000),
    "tuples 100,000 deep": message(b'{"$tuple": [' * 100_000 + b"]}" * 100_000),
    "npy header claiming 2**50 elements": message(call_header({"$array": 0}), npy_header((2**50,)) + b"\0" * 16),
    "npy header claiming more bytes than it has": message(call_header({"$array": 0}), npy_header((1000,)) + b"\0" * 16),
    "npy with a zero dimension and huge others": message(call_header({"$array": 0}), npy_header((0, 2**62, 2**62))),
    "npy negative shape": message(call_header({"$array": 0}), npy_header((-3,)) + b"\0" * 24),
    "npy object dtype": message(call_header({"$array": 0}), npy_header((1,), "|O") + b"\0" * 8),
    "npy big-endian": message(call_header({"$array": 0}), npy_header((1,), ">f8") + b"\0" * 8),
    "npy garbage header": message(call_header({"$array": 0}), b"\x93NUMPY\x01\x00\x10\x00{'descr': [[[[[[[[" + b" " * 8),
    "one blob referenced twice": message(call_header([{"$array": 0}, {"$array": 0}]),
                                         npy_header((2,)) + b"\0" * 16),
    "blob reference out of range": message(call_header({"$array": 7})),
    "1e999 as a plain number": message(b"1e999"),
    "NaN as a bare constant": message(b"NaN"),
    "integer of 5000 digits in JSON": message(b"9" * 5000),
    "$tuple holding a number": message(call_header({"$tuple": 5})),
    "$dict holding a string": message(call_header({"$dict": "ab"})),
    "$float holding a list": message(call_header({"$float": ["nan"]})),
    "tensor of a dtype torch refuses": message(call_header({"$tensor": 0, "dtype": "bfloat16"}),
                                               npy_header((1,), "<c16") + b"\0" * 16),
    "header length past the end": wire.MAGIC + struct.pack("<Q", 2**63) + b"{}",
    "blob length past the end": message(b"0") + struct.pack("<Q", 2**63),
    "not UTF-8": message(b'"\xff\xfe"'),
    "too short": wire.MAGIC + b"\0\0",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_message_raises_wire_error_only(name):
    """Does each hostile message end in WireError (not ValueError, RecursionError, MemoryError)?"""
    with pytest.raises(wire.WireError):
        wire.decode(HOSTILE[name])


def test_an_npy_header_bomb_allocates_nothing():
    """Is a header's claim checked against the blob's length before any array is made?"""
    data = message(call_header({"$array": 0}), npy_header((2**27,)) + b"\0" * 16)  # claims 1 GiB of float64
    tracemalloc.start()
    with pytest.raises(wire.WireError, match="promises"):
        wire.decode(data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 1 << 20


def test_a_header_with_millions_of_values_is_refused_before_parsing():
    data = message(b"[" + b"0," * wire.MAX_JSON_VALUES + b"0]")
    with pytest.raises(wire.WireError, match="values"):
        wire.decode(data)


def test_honest_messages_still_decode_at_the_limits():
    """The caps reject nothing the encoder produces: the deepest value, big integers, arrays of every dtype."""
    for wrap in (lambda v: {"k": v}, lambda v: (v,), lambda v: [v]):
        value: object = np.arange(3.0)
        for _ in range(wire.MAX_DEPTH - 1):
            value = wrap(value)
        back = wire.decode(wire.encode({"t": "call", "value": value}, where="r"))["value"]
        for _ in range(wire.MAX_DEPTH - 1):
            back = back["k"] if isinstance(back, dict) else back[0]
        assert np.array_equal(back, np.arange(3.0))
    big = -(10**4299)
    assert wire.decode(wire.encode([big, 2**64, float("nan")]))[:2] == [big, 2**64]
    for name in sorted(wire.ALLOWED_DTYPES):
        arr = np.arange(6).astype(name).reshape(2, 3)
        back = wire.decode(wire.encode(arr))
        assert back.dtype == arr.dtype and back.shape == (2, 3) and back.flags.writeable and np.array_equal(back, arr)


def test_random_corruptions_never_raise_anything_but_wire_error():
    import torch

    rng = random.Random(15)
    honest = [wire.encode({"t": "call", "i": 3, "ok": True, "seconds": 0.1,
                           "value": (np.arange(6.0).reshape(2, 3), torch.ones(2, requires_grad=True),
                                     {"a": [1, 2**70, float("nan")]})}, where="r"),
              wire.encode({"t": "call", "i": 0, "ok": False, "raised": ["ValueError"], "message": "x"})]
    for _ in range(3000):
        data = bytearray(rng.choice(honest))
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(data))
            choice = rng.random()
            if choice < 0.5:
                data[at] = rng.randrange(256)
            elif choice < 0.7:
                del data[at : at + rng.randint(1, 20)]
            else:
                data[at:at] = rng.choice([b"[", b"{", b'"', b"\\", b"1e999", b"-", b"(", bytes([rng.randrange(256)])])
        try:
            wire.decode(bytes(data))
        except wire.WireError:
            pass


# ---------------------------------------------------------------- frames on the result pipe

JOB = {"calls": [(4, {}), (5, {}), (6, {})]}


def good(i: int, value: object = 1.0) -> bytes:
    return frame(wire.encode({"t": "call", "i": i, "ok": True, "value": value, "seconds": 0.5}))


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_frame_that_does_not_decode_costs_the_call_it_stands_for(name):
    """The child answers in order: a bad frame is the answer to the first call still unanswered, and
    the frames after it still count."""
    outcome = RunOutcome()
    buf = bytearray(good(4) + frame(HOSTILE[name]) + good(6))
    assert drain_frames(buf, outcome, JOB)
    assert not buf and outcome.killed is None
    assert outcome.results[4]["value"] == 1.0 and outcome.results[6]["value"] == 1.0
    bad = outcome.results[5]
    assert bad["ok"] is False and bad["raised"] == ["WireError"] and bad["message"].startswith("malformed result")


@pytest.mark.parametrize("shape", [
    {"t": "call", "i": 5, "ok": "yes", "value": 1},
    {"t": "call", "i": 5, "ok": False, "raised": "ValueError", "message": "x"},
    {"t": "call", "i": 5, "ok": False, "raised": [1], "message": "x"},
    {"t": "call", "i": 5, "ok": False, "raised": ["ValueError"], "message": ["x"]},
    {"t": "call", "i": 99, "ok": True, "value": 1},
    {"t": "call", "i": "5", "ok": True, "value": 1},
    [1, 2, 3],
])
def test_a_call_answer_of_the_wrong_shape_counts_as_malformed(shape):
    outcome = RunOutcome()
    drain_frames(bytearray(good(4) + frame(wire.encode(shape))), outcome, JOB)
    assert outcome.results[5]["message"].startswith("malformed result") and set(outcome.results) == {4, 5}


def test_without_a_call_to_charge_the_run_ends_as_malformed():
    """No job given, a pytest job, or every call answered: the run ends with a clear verdict."""
    for job in (None, {"kind": "pytest", "calls": []}, {"calls": [(4, {})]}):
        outcome = RunOutcome()
        drain_frames(bytearray(good(4) + frame(HOSTILE["JSON 100,000 deep"])), outcome, job)
        assert outcome.killed is not None and outcome.killed.startswith("malformed result")


def test_a_frame_length_beyond_the_cap_ends_the_run():
    outcome = RunOutcome()
    drain_frames(bytearray(struct.pack("<I", RESULT_CAP + 1) + b"x" * 100), outcome, JOB)
    assert outcome.killed == f"malformed result (a frame claims {RESULT_CAP + 1} bytes)"


def test_a_forged_status_of_the_wrong_types_is_ignored():
    outcome = RunOutcome()
    drain_frames(bytearray(frame(wire.encode({"t": "status", "signal": [9], "exit": "x"}))), outcome, JOB)
    assert outcome.status is None
    assert "without a word" in outcome.ended_badly()


def test_seconds_that_are_not_a_duration_become_zero():
    outcome = RunOutcome()
    drain_frames(bytearray(frame(wire.encode({"t": "call", "i": 4, "ok": True, "value": 1, "seconds": float("inf")}))),
                 outcome, JOB)
    assert outcome.results[4]["seconds"] == 0.0


def test_unreadable_result_reads_as_a_value_the_grader_cannot_accept():
    assert unreadable_result(3, "why") == {"t": "call", "i": 3, "ok": False, "raised": ["WireError"], "seconds": 0.0,
                                           "message": "malformed result (why)"}
