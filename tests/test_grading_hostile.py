"""grade() on whatever a child sends: a bad frame, a value that breaks the comparison, a grader
failure on one exercise: each costs a call, a case or an exercise, never the run; and a stub that
only raises earns nothing."""
from __future__ import annotations

import json
import struct
from typing import Any, Callable

import pytest

from grader import grading, trusted, wire
from grader.sandbox.outcome import RunOutcome, drain_frames
from grader.submission import Source

Answer = Callable[[int, Any], dict[str, Any] | bytes]  # (call index, the reference's answer) -> frame


class ReplaySandbox:
    """A stand-in for the sandbox: each call is answered by `answer` (a message, or raw bytes a
    hostile child could write), and the frames go through the real drain_frames."""

    isolate = False
    mode = "limits"

    def __init__(self, ex, answer: Answer) -> None:
        reference = trusted.load_reference(ex)
        self.expected = [e for case in trusted.hidden_cases(ex) for e in trusted.run_reference(reference, case)[0]]
        self.answer = answer

    def alive(self) -> bool:
        return True

    def run(self, job, limits, per_call_s, output_cap=0) -> RunOutcome:
        buf = bytearray()
        for i, _ in job["calls"]:
            got = self.answer(i, self.expected[i])
            data = got if isinstance(got, bytes) else wire.encode({"t": "call", "i": i, "seconds": 0.01, **got})
            buf += struct.pack("<I", len(data)) + data
        outcome = RunOutcome(isolation="limits")
        drain_frames(buf, outcome, job)
        outcome.status = {"t": "status", "exit": 0, "signal": None, "isolation": "limits"}
        return outcome


def right(i: int, exp: Any) -> dict[str, Any]:
    """What a correct solution sends: the reference's value, or the exception it raises."""
    if isinstance(exp, trusted.Raised):
        return {"ok": False, "raised": [exp.type_name, "Exception"], "message": f"{exp.type_name}: no",
                "error_text": exp.message}
    return {"ok": True, "value": exp}


def raises(i: int, exp: Any) -> dict[str, Any]:
    return {"ok": False, "raised": ["ValueError", "Exception"], "message": "ValueError: not implemented",
            "error_text": "not implemented"}


def grade_with(catalog, slug: str, answer: Answer):
    ex = catalog.get(slug)
    return grading.grade(ReplaySandbox(ex, answer), Source(ex, b"# replayed\n", "test"))


def test_the_replay_gives_a_correct_answer_full_marks(catalog):
    result = grade_with(catalog, "chunking", right)
    assert result.passed and result.points == catalog.get("chunking").points


# ---------------------------------------------------------------- a stub that only raises


def raise_only_cases(ex) -> int:
    """How many cases of `ex` have the reference raise on every call."""
    reference = trusted.load_reference(ex)
    return sum(all(isinstance(e, trusted.Raised) for e in trusted.run_reference(reference, case)[0])
               for case in trusted.hidden_cases(ex))


def test_a_stub_that_only_raises_scores_zero(catalog):
    """chunking has several cases where the reference raises ValueError (7 of 20, 3.5 points of 10
    for this stub before)."""
    result = grade_with(catalog, "chunking", raises)
    assert result.points == 0.0 and result.status == "failed"
    gated = [c for c in result.cases if c.message == grading.RAISE_ONLY]
    assert len(gated) == raise_only_cases(catalog.get("chunking")) > 0


def test_raising_where_right_earns_once_a_returning_case_passes(catalog):
    """Right on the first case where the reference returns, raising everywhere else: that case and
    the "raises" cases count."""
    ex = catalog.get("chunking")
    first_normal = next(i for i, e in enumerate(ReplaySandbox(ex, right).expected) if not isinstance(e, trusted.Raised))
    result = grade_with(catalog, "chunking", lambda i, exp: right(i, exp) if i == first_normal else raises(i, exp))
    earned = 1 + raise_only_cases(ex)
    assert sum(c.passed for c in result.cases) == earned
    assert result.points == round(ex.points * earned / len(result.cases), 2)


# ---------------------------------------------------------------- hostile frames and values


def test_frames_that_do_not_decode_cost_their_calls_and_nothing_else(catalog):
    bomb = wire.MAGIC + struct.pack("<Q", 200_000) + b"[" * 100_000 + b"]" * 100_000
    result = grade_with(catalog, "stable-softmax", lambda i, exp: bomb if i % 2 else right(i, exp))
    assert 0 < result.points < catalog.get("stable-softmax").points
    failing = [c.message for c in result.cases if not c.passed]
    assert failing and "malformed result" in failing[0]


def test_a_value_that_breaks_the_comparison_costs_that_case(catalog, monkeypatch):
    real = grading.first_difference

    def fragile(expected, actual, *args, **kwargs):
        if isinstance(actual, list):
            raise RecursionError("maximum recursion depth exceeded")
        return real(expected, actual, *args, **kwargs)

    monkeypatch.setattr(grading, "first_difference", fragile)
    result = grade_with(catalog, "layernorm", lambda i, exp: {"ok": True, "value": [1.0]} if i == 0 else right(i, exp))
    assert result.error is None
    assert result.cases[0].message.endswith("the grader could not compare your output (RecursionError)")
    assert all(c.passed for c in result.cases[1:])


def test_exception_text_beyond_the_first_failing_cases_is_type_and_line(catalog):
    secret = "0123456789abcdef" * 8
    result = grade_with(catalog, "stable-softmax", lambda i, exp: {
        "ok": False, "raised": ["Leak" + secret, "IndexError", "Exception"],
        "message": f"Leak{secret}: {secret}\n  line 1 in f_{secret}: # {secret}"})
    messages = [c.message for c in result.cases]
    assert all(secret not in m for m in messages[3:]) and "raised a subclass of IndexError" in messages[3]
    assert all(f"f_{secret}" not in m and f"# {secret}" not in m and "Leak" not in m for m in messages)
    assert secret in messages[0]  # the message itself, for the first failing cases


def test_terminal_escapes_never_reach_the_result(catalog):
    result = grade_with(catalog, "stable-softmax", lambda i, exp: {
        "ok": False, "raised": ["ValueError"], "message": "ValueError: \x1b[2J\x1b]0;title\x07\u202e"})
    text = json.dumps([c.message for c in result.cases], ensure_ascii=False)
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "\\x1b[2J" in result.cases[0].message


# ---------------------------------------------------------------- a grader failure on one exercise


def test_a_grader_failure_on_one_exercise_is_that_exercises_error(catalog, monkeypatch):
    ex = catalog.get("layernorm")
    sandbox = ReplaySandbox(ex, right)

    def broken(module, case):
        raise RuntimeError("the reference broke")

    monkeypatch.setattr(trusted, "run_reference", broken)
    result = grading.grade_or_error(sandbox, Source(ex, b"# replayed\n", "test"))
    assert result.points == 0 and "RuntimeError: the reference broke" in result.error
    monkeypatch.setattr(sandbox, "alive", lambda: False)
    with pytest.raises(RuntimeError):  # a stopped sandbox is not a verdict on the exercise
        grading.grade_or_error(sandbox, Source(ex, b"# replayed\n", "test"))


@pytest.mark.slow
def test_dojo_grade_writes_a_result_for_every_exercise(catalog, tmp_path, monkeypatch):
    """One exercise's grading raising leaves results.json with an entry for each exercise."""
    from grader.cli import main

    folder = tmp_path / "submission"
    for slug in ("stable-softmax", "layernorm"):
        ex = catalog.get(slug)
        path = folder / ex.track / slug / ex.reference_path.name
        path.parent.mkdir(parents=True)
        path.write_bytes(ex.reference_path.read_bytes())
    real = trusted.run_reference

    def broken_for_layernorm(module, case):
        if "layernorm" in module.__name__:
            raise RuntimeError("the reference broke")
        return real(module, case)

    monkeypatch.setattr(trusted, "run_reference", broken_for_layernorm)
    results = tmp_path / "results.json"
    main(["grade", "stable-softmax", "layernorm", "--submission", str(folder), "--results-json", str(results)])
    tests = json.loads(results.read_text())["tests"]
    assert {t["name"].split(":")[0] for t in tests} == {"stable-softmax", "layernorm"}
    assert abs(sum(t["score"] for t in tests if t["name"].startswith("stable-softmax")) - catalog.get("stable-softmax").points) < 1e-9
    assert any("the grader failed on this exercise" in t["output"] for t in tests if t["name"] == "layernorm")
