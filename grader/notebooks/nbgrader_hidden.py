"""The hidden cases of an exercise, run inside a notebook kernel (an nbgrader autograde test cell).

The exported hidden test cell is two lines:

    from grader.notebooks.nbgrader_hidden import hidden_score
    hidden_score("stable-softmax", globals())

It loads the exercise from the course's copy of the catalog (`<course>/dojo-course/`, found by
walking up from the kernel's working directory, or named by $DOJO_COURSE), generates the hidden
cases from hidden.py's seeds, computes the expected values by running the reference in the
kernel, calls the functions the notebook defined on the same inputs, and judges every case with
the same code as `dojo grade` (wire round-trip of inputs and outputs, grading.judge_case, the same
points rounding). It prints one line per case and returns the points, which nbgrader reads from
the cell's result as partial credit.

nbgrader gives 0 to a test cell that writes anything to stderr, so everything that happens in
here (warnings, the learner's prints, writes to file descriptors 1 and 2) is captured; only the
verdict is printed, on stdout.
"""
from __future__ import annotations

import contextlib
import io
import os
import signal
import sys
import tempfile
import threading
import time
import types
import warnings
from pathlib import Path
from typing import Any, Iterator, Mapping

COURSE_DATA = "dojo-course"  # the folder of the course directory holding exercises/ and solutions/
MAX_TIMEOUTS = 2  # as grading.MAX_TIMEOUTS: after two timed-out calls the rest are not run


def course_catalog_root(start: Path | None = None) -> Path:
    """The course's copy of the catalog: $DOJO_COURSE, or the nearest `dojo-course/` above `start`."""
    env = os.environ.get("DOJO_COURSE")
    if env:
        root = Path(env).resolve()
        return root / COURSE_DATA if (root / COURSE_DATA).is_dir() else root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / COURSE_DATA / "exercises" / "tracks.toml").is_file():
            return folder / COURSE_DATA
    raise RuntimeError(f"no {COURSE_DATA}/ folder above {here}: run nbgrader in the course directory "
                       "written by `dojo nbgrader export`, or set DOJO_COURSE to it")


class _TimedOut(BaseException):
    """Raised in the learner's call by the alarm; a BaseException so `except Exception` can't swallow it."""


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """A wall-clock limit on one call (signals work on the main thread only: elsewhere, no limit)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise _TimedOut()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _captured() -> Iterator[io.StringIO]:
    """Swallow warnings and every byte written to stdout/stderr, at the Python and the descriptor level."""
    buf = io.StringIO()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    saved: list[tuple[int, int]] = []
    sink = tempfile.TemporaryFile()
    try:
        for fd in (1, 2):
            with contextlib.suppress(OSError):
                saved.append((fd, os.dup(fd)))
                os.dup2(sink.fileno(), fd)
        with warnings.catch_warnings(), contextlib.redirect_stdout(buf), contextlib.redirect_stderr(buf):
            warnings.simplefilter("ignore")
            yield buf
    finally:
        for fd, copy in saved:
            os.dup2(copy, fd)
            os.close(copy)
        sink.seek(0)
        buf.write(sink.read().decode("utf-8", "replace"))
        sink.close()


def _round_trip(message: dict[str, Any]) -> dict[str, Any]:
    """What the trusted side of the sandbox would receive for this message (see grader.calls)."""
    from grader import wire
    from grader.calls import encode_outcome

    return wire.decode(encode_outcome(message))


def run_calls(ex: Any, module: types.ModuleType, cases: list[Any]) -> dict[int, dict[str, Any] | str]:
    """Every call's result as the sandbox reports it: a decoded message, or why there is none."""
    from grader import wire
    from grader.calls import call_outcome

    results: dict[int, dict[str, Any] | str] = {}
    timeouts = 0
    calls = [(case, call) for case in cases for call in case.calls]
    for i, (case, call) in enumerate(calls):
        if timeouts >= MAX_TIMEOUTS:
            results[i] = "not run: earlier calls timed out"
            continue
        limit = case.time_limit_s or ex.time_limit_s
        wire_call = wire.decode(wire.encode(call.to_wire(), allow_build=True), allow_build=True)
        try:
            with _time_limit(limit):
                outcome = call_outcome(module, i, wire_call, learner_dir=os.getcwd())
            if not outcome["ok"] and _TimedOut.__name__ in outcome["raised"]:
                raise _TimedOut()  # call_outcome reports every exception: the alarm is ours, not the learner's
        except _TimedOut:
            timeouts += 1
            results[i] = f"timed out after {limit:g} s"
            continue
        results[i] = _round_trip(outcome)
    return results


def run_cases(ex: Any, namespace: Mapping[str, Any]) -> Any:
    """Grade the functions in `namespace` on the hidden cases of `ex`: a grading.ExerciseResult."""
    from grader import trusted
    from grader.grading import CaseResult, ExerciseResult, judge_case

    started = time.perf_counter()
    result = ExerciseResult(ex.slug, ex.title, ex.points, isolation="none (in the notebook kernel)")
    cases = trusted.hidden_cases(ex)
    reference = trusted.load_reference(ex)
    module = types.ModuleType(ex.module)
    module.__dict__.update(namespace)
    torch = sys.modules.get("torch")
    threads = torch.get_num_threads() if torch is not None else None
    try:
        if torch is not None:
            torch.set_num_threads(1)  # as in the sandbox's children: same reduction order, same floats
        actual_by_call = run_calls(ex, module, cases)
        index = passed = 0
        for case in cases:
            actual = [actual_by_call[i] for i in range(index, index + len(case.calls))]
            index += len(case.calls)
            expected = None
            if case.reference:
                expected, seconds = trusted.run_reference(reference, case)
                result.reference_seconds += seconds
            seconds = sum(a.get("seconds", 0.0) for a in actual if isinstance(a, dict) and type(a.get("seconds")) is float)
            result.learner_seconds += seconds
            message = judge_case(ex, case, actual, expected)
            result.cases.append(CaseResult(case.name, message is None, message or "", seconds))
            passed += message is None
    finally:
        if torch is not None and threads is not None:
            torch.set_num_threads(threads)
    result.points = round(ex.points * passed / len(cases), 2)
    result.total_seconds = time.perf_counter() - started
    return result


def _report(result: Any, printed: str) -> str:
    n_pass = sum(c.passed for c in result.cases)
    lines = [f"{result.slug}: {n_pass}/{len(result.cases)} hidden cases passed, "
             f"{result.points:g}/{result.max_points:g} points"]
    for case in result.cases:
        lines.append(f"  {'ok  ' if case.passed else 'FAIL'} {case.name}" + (f": {case.message}" if case.message else ""))
    if printed.strip():
        lines.append(f"  (your code printed {len(printed)} characters while the hidden cases ran; not shown)")
    return "\n".join(lines)


def hidden_score(slug: str, namespace: Mapping[str, Any]) -> float:
    """Run the hidden cases of `slug` on the notebook's functions; print the verdicts, return the points."""
    with _captured() as printed:
        from grader.catalog import load_catalog

        catalog = load_catalog(course_catalog_root())
        result = run_cases(catalog.get(slug), dict(namespace))
    print(_report(result, printed.getvalue()))
    return float(result.points)
