"""A sandbox that spawns a fresh Python per job: for platforms without fork (Windows).

Slower (each child imports numpy, and torch where needed) and weaker: no namespaces, and on
Windows no resource limits beyond the wall clock. The report says so. `DOJO_SANDBOX=spawn`
forces it elsewhere, which is how it is tested.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from typing import Any, Callable

from grader import wire
from grader.sandbox import macos
from grader.sandbox.isolation import Limits
from grader.sandbox.outcome import OUTPUT_CAP, RESULT_CAP, RunOutcome, complete, drain_frames


class SpawnSandbox:
    isolate = False

    mode = "spawned"

    def protects_references(self) -> bool:
        return False

    def describe_isolation(self) -> str:
        if macos.available():
            return ("spawned children under sandbox-exec (no network, writes only to their folder, no reads of "
                    "solutions/; not exercised by this project's tests, which run on Linux)")
        limits = "wall-clock limit only" if sys.platform == "win32" else "process limits"
        return f"spawned children, {limits} (no namespaces: solutions and network stay reachable)"

    def alive(self) -> bool:
        return True

    def zygote_pids(self) -> list[int]:
        return []

    def end(self, handle: int) -> None:
        """End a run that on_start named (its whole process group where there are groups)."""
        try:
            if sys.platform == "win32":
                os.kill(handle, signal.SIGTERM)
            else:
                os.killpg(handle, signal.SIGKILL)
        except OSError:
            pass

    def close(self) -> None:
        pass

    def __enter__(self) -> "SpawnSandbox":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(self, job: dict[str, Any], limits: Limits, per_call_s: float | list[float],
            output_cap: int = OUTPUT_CAP, on_start: Callable[[int], None] | None = None) -> RunOutcome:
        n_calls = max(1, len(job.get("calls", [])))
        call_limits = list(per_call_s) if isinstance(per_call_s, list) else [float(per_call_s)] * n_calls
        wire_job = dict(job)
        wire_job["files"] = {k: v.decode("latin-1") for k, v in job["files"].items()}
        header = json.dumps({"limits": limits.__dict__}).encode()
        payload = header + wire.encode(wire_job, allow_build=True)
        workdir = tempfile.mkdtemp(prefix="dojo-spawn-")
        result_path = os.path.join(workdir, ".results")
        open(result_path, "wb").close()
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        env = {k: v for k, v in os.environ.items() if k in ("PATH", "SYSTEMROOT", "TEMP", "TMP", "LANG")}
        env["PYTHONPATH"] = root
        outcome = RunOutcome(isolation="spawned")
        started = time.perf_counter()
        with open(os.path.join(workdir, ".stdout"), "wb") as out, open(os.path.join(workdir, ".stderr"), "wb") as err:
            command = macos.wrap([sys.executable, "-m", "grader.sandbox.spawned", result_path, str(len(header))],
                                 workdir, root)
            proc = subprocess.Popen(command,
                                    stdin=subprocess.PIPE, stdout=out, stderr=err, cwd=workdir, env=env,
                                    start_new_session=sys.platform != "win32")
            if on_start is not None:
                on_start(proc.pid)
            try:
                proc.stdin.write(payload)
                proc.stdin.close()
            except OSError:
                pass
            buf = bytearray()
            seen = 0
            deadline = time.monotonic() + call_limits[0] + 10.0  # the first call pays the child's imports
            hard_deadline = time.monotonic() + limits.wall_s + 10.0
            while True:
                finished = proc.poll() is not None
                with open(result_path, "rb") as f:
                    f.seek(seen)
                    chunk = f.read(RESULT_CAP)
                seen += len(chunk)
                buf += chunk
                if drain_frames(buf, outcome, job):
                    deadline = time.monotonic() + call_limits[min(len(outcome.results), len(call_limits) - 1)]
                if finished or complete(job, outcome) or outcome.killed:
                    break
                if time.monotonic() > min(deadline, hard_deadline):
                    current = call_limits[min(len(outcome.results), len(call_limits) - 1)]
                    outcome.killed = f"timed out (over {current:g} s for one call)"
                    break
                time.sleep(0.01)
            if proc.poll() is None:
                _kill(proc)
            proc.wait()
        code = proc.returncode
        outcome.status = {"t": "status", "exit": code if code >= 0 else None, "signal": -code if code < 0 else None,
                          "isolation": "spawned"}
        for name, attr in ((".stdout", "stdout"), (".stderr", "stderr")):
            with open(os.path.join(workdir, name), "rb") as f:
                data = f.read(output_cap + 1)
            setattr(outcome, attr, data[:output_cap].decode("utf-8", "replace"))
            outcome.dropped_output += max(0, os.path.getsize(os.path.join(workdir, name)) - output_cap)
        shutil.rmtree(workdir, ignore_errors=True)
        outcome.seconds = time.perf_counter() - started
        return outcome


def _kill(proc: subprocess.Popen) -> None:
    try:
        if sys.platform == "win32":
            proc.kill()
        else:
            os.killpg(proc.pid, signal.SIGKILL)  # the child and whatever it started in its session
    except (ProcessLookupError, PermissionError):
        proc.kill()
