"""What a sandboxed run hands back to the trusted side, and how its result frames are decoded.

Shared by the forked sandbox (parent.py) and the spawned one (spawn.py). Each frame on the result
pipe is a little-endian u32 length and one wire message (see grader.wire).
"""
from __future__ import annotations

import signal
import struct
from dataclasses import dataclass, field
from typing import Any

from grader import wire

OUTPUT_CAP = 8 * 1024  # bytes of learner stdout and of stderr kept
RESULT_CAP = 256 * 1024 * 1024


@dataclass
class RunOutcome:
    results: dict[int, dict[str, Any]] = field(default_factory=dict)
    import_error: str | None = None
    imported: bool = False  # the child said its module imported (a hang after this is a call's)
    pytest: dict[str, Any] | None = None
    stdout: str = ""
    stderr: str = ""
    dropped_output: int = 0
    status: dict[str, Any] | None = None
    killed: str | None = None  # "timeout", "result too large", "malformed result"
    isolation: str = "unknown"
    seconds: float = 0.0

    def ended_badly(self) -> str | None:
        """Why the child ended before sending every result, in words (None if it ended cleanly)."""
        if self.killed:
            return self.killed
        st = self.status
        if st is None:
            return "the process ended without a word (killed from outside?)"
        if st.get("signal"):
            sig = st["signal"]
            name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
            if sig == signal.SIGXCPU or sig == signal.SIGKILL and self.killed is None:
                return f"killed by {name} (CPU time or memory limit)"
            return f"killed by signal {name}"
        if st.get("exit") not in (0, None):
            return f"the process exited with code {st['exit']}"
        return "the process exited before this call returned (os._exit or exit?)"



def complete(job: dict[str, Any], outcome: RunOutcome) -> bool:
    """Whether every answer the job asks for is in (or the module failed to import)."""
    if outcome.import_error is not None:
        return True
    if job.get("kind") == "pytest":
        return outcome.pytest is not None
    return len(outcome.results) >= len(job.get("calls", []))


def unreadable_result(index: int, why: str) -> dict[str, Any]:
    """What a call whose frame could not be decoded counts as: a value the grader cannot accept."""
    return {"t": "call", "i": index, "ok": False, "raised": ["WireError"], "seconds": 0.0,
            "message": f"malformed result ({why})"}


def _valid_call(msg: dict[str, Any]) -> str | None:
    """Why a decoded call frame is not one the trusted side can use (None if it is)."""
    if type(msg.get("ok")) is not bool:
        return "no ok flag"
    if msg["ok"]:
        return None if "value" in msg else "no value"
    raised = msg.get("raised")
    if type(raised) is not list or not raised or any(type(r) is not str for r in raised):
        return "bad exception type list"
    if type(msg.get("message", "")) is not str:
        return "bad exception message"
    return None


def _valid_tests(tests: Any) -> bool:
    """The visible-test report: a list of {name, outcome, message} strings."""
    return type(tests) is list and all(
        type(t) is dict and type(t.get("name")) is str and type(t.get("outcome")) is str
        and type(t.get("message", "")) is str for t in tests)


def _seconds(value: Any) -> float:
    return value if type(value) is float and 0.0 <= value < 1e9 else 0.0


def _status(msg: dict[str, Any]) -> dict[str, Any] | None:
    """A status frame with the types ended_badly() relies on, or None."""
    ok = all(msg.get(k) is None or type(msg.get(k)) is int for k in ("exit", "signal"))
    return msg if ok else None


def drain_frames(buf: bytearray, outcome: RunOutcome, job: dict[str, Any] | None = None) -> bool:
    """Decode every whole frame in `buf` into `outcome`; True if a new answer arrived. Never raises.

    A frame that cannot be decoded, or decodes to a call answer of the wrong shape, costs the call it
    stands for: the first call of `job` still without an answer (the child answers in order). Where
    no call can be charged (no job given, a pytest job, every call answered) or the framing itself
    is broken, the run ends with `killed = "malformed result (...)"` for whatever is pending.
    """
    got = False
    order = [c[0] for c in job.get("calls", []) if type(c) in (list, tuple) and c] if job and job.get("kind") != "pytest" else []
    while len(buf) >= 4:
        (n,) = struct.unpack_from("<I", buf, 0)
        if n > RESULT_CAP:
            outcome.killed = f"malformed result (a frame claims {n} bytes)"
            return got
        if len(buf) < 4 + n:
            break
        data = bytes(buf[4 : 4 + n])
        del buf[: 4 + n]
        try:
            msg = wire.decode(data)
        except wire.WireError as exc:
            msg, why = None, str(exc)[:160]
        else:
            why = "not a message the grader knows"
            if type(msg) is dict and msg.get("t") == "call":
                problem = _valid_call(msg)
                index = msg.get("i")
                if problem is None and type(index) is int and (not order or index in order):
                    if index not in outcome.results:
                        msg["seconds"] = _seconds(msg.get("seconds"))
                        outcome.results[index] = msg
                        got = True
                    continue
                why = problem or "a call the job does not have"
            elif type(msg) is dict and msg.get("t") == "pytest" and _valid_tests(msg.get("tests")):
                outcome.pytest = msg
                got = True
                continue
            elif type(msg) is dict and msg.get("t") == "import_error":
                outcome.import_error = str(msg.get("message"))
                continue
            elif type(msg) is dict and msg.get("t") == "imported":
                outcome.imported = True
                continue
            elif type(msg) is dict and msg.get("t") == "status":
                outcome.status = _status(msg) or outcome.status
                continue
            elif type(msg) is dict and type(msg.get("t")) is str and msg["t"] not in ("call", "pytest"):
                continue  # a kind of frame this side does not use: nothing to charge
        pending = next((i for i in order if i not in outcome.results), None)
        if pending is None:
            outcome.killed = f"malformed result ({why})"
            return got
        outcome.results[pending] = unreadable_result(pending, why)
        got = True
    return got
