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


def drain_frames(buf: bytearray, outcome: RunOutcome) -> bool:
    """Decode every whole frame in `buf` into `outcome`; True if a new answer arrived."""
    got = False
    while len(buf) >= 4:
        (n,) = struct.unpack_from("<I", buf, 0)
        if len(buf) < 4 + n:
            break
        data = bytes(buf[4 : 4 + n])
        del buf[: 4 + n]
        try:
            msg = wire.decode(data)
        except wire.WireError as exc:
            outcome.killed = f"malformed result ({exc})"
            return got
        if type(msg) is not dict:
            outcome.killed = "malformed result"
            return got
        kind = msg.get("t")
        if kind == "call" and type(msg.get("i")) is int and msg["i"] not in outcome.results:
            outcome.results[msg["i"]] = msg
            got = True
        elif kind == "pytest":
            outcome.pytest = msg
            got = True
        elif kind == "import_error":
            outcome.import_error = str(msg.get("message"))
        elif kind == "status":
            outcome.status = msg
    return got
