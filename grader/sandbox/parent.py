"""The trusted side of the sandbox: start the zygote, send it jobs, collect what comes back.

`Sandbox.run(job)` returns the streamed call results, the learner's capped stdout/stderr, how
the child ended and which isolation was in force. It enforces a wall-clock limit per call (the
deadline moves on with each result) and kills the warden, and with it the whole PID namespace,
when the limit passes or the output exceeds its cap.
"""
from __future__ import annotations

import json
import os
import selectors
import socket
import struct
import subprocess
import sys
import threading
import time
from typing import Any, Callable

from grader import wire
from grader.sandbox.isolation import PROTECTIVE_MODES, Limits
from grader.sandbox.modes import LADDER
from grader.sandbox.lifetime import end_job, forget_zygote, harden_trusted_process, reap_strays, register_zygote
from grader.sandbox.outcome import OUTPUT_CAP, RESULT_CAP, RunOutcome, complete, drain_frames

def _scrubbed_env() -> dict[str, str]:
    keep = ("PATH", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update({"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                "PYTHONDONTWRITEBYTECODE": "1"})
    return env


MAX_ZYGOTE_RESTARTS = 3
# Extra wall-clock time for the first call: it also pays the import of the learner's module (which
# may import torch in a numpy-only child: seconds on a loaded machine). Tests of hanging submissions
# shorten it with DOJO_IMPORT_ALLOWANCE_S.
IMPORT_ALLOWANCE_S = float(os.environ.get("DOJO_IMPORT_ALLOWANCE_S", "10"))

DESCRIPTIONS = {
    "namespaces": "namespaces (no network, private read-only root, own PID and IPC namespaces, nobody user) + seccomp + limits",
    "userns": "user namespace (no network, private read-only root, own PID and IPC namespaces, no capabilities) + seccomp + limits",
    "uid": "dedicated uid + Landlock (reads only Python, writes only its folder, no TCP) + seccomp + limits",
    "landlock": "Landlock (reads only Python, writes only its folder, no TCP, no signals out) + seccomp + limits",
    "limits": "process limits only (solutions, the project and the network stay reachable)",
}


class _Zygote:
    """One zygote process and its control socket."""

    def __init__(self, preload: str, requested: str) -> None:
        self.lock = threading.Lock()
        parent, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        env = _scrubbed_env()
        env["PYTHONPATH"] = root
        with register_zygote() as register:  # no sweep for strays may run while it is unnamed
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "grader.sandbox.zygote", str(child.fileno()), preload, requested],
                pass_fds=[child.fileno()], env=env, cwd="/", stdin=subprocess.DEVNULL,
                # Its own session: Ctrl-C in the learner's terminal (`dojo watch`) reaches the grader,
                # which closes the sandbox, and never the zygote (no traceback from it).
                start_new_session=True,
            )
            register(self.proc.pid)
        child.close()
        self.sock = parent
        self.reader = parent.makefile("rb")
        self.ready = False  # the zygote imports its modules while the caller does its own start-up
        self.mode = "unknown"
        self.notes: list[str] = []

    def wait_ready(self) -> None:
        """Block until the zygote has imported its modules and chosen its isolation mode."""
        with self.lock:
            self._wait_ready()

    def _wait_ready(self) -> None:
        if self.ready:
            return
        try:
            hello = json.loads(self.reader.readline())
            self.mode, self.notes = str(hello["mode"]), [str(n) for n in hello.get("notes", [])]
        except (ValueError, KeyError, TypeError):
            raise RuntimeError("the grading zygote failed to start") from None
        self.ready = True

    def start_job(self, header: bytes, fds: list[int]) -> int:
        with self.lock:
            self._wait_ready()
            self.sock.sendmsg([header], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, struct.pack(f"{len(fds)}i", *fds))])
            return int(json.loads(self.reader.readline())["pid"])

    def close(self) -> None:
        try:
            self.reader.close()
            self.sock.close()
        finally:
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            forget_zygote(self.proc.pid)


class Sandbox:
    """Zygotes for learner code; `run` may be called from several threads at once.

    Two zygotes: one with numpy only, one with numpy, torch and pytest. Forking a process that
    imported torch costs several times more than forking one with numpy only, so numpy exercises
    use the light one; the other starts on first use (torch exercises, visible tests).
    """

    def __init__(self, isolate: bool = True) -> None:
        harden_trusted_process()
        forced = os.environ.get("DOJO_SANDBOX", "")
        self._requested = "plain" if not isolate else (forced if forced in LADDER else "auto")
        self.isolate = self._requested != "plain" and sys.platform == "linux"
        self._zygotes: dict[str, _Zygote] = {"numpy": _Zygote("numpy", self._requested)}
        self._zygote_lock = threading.Lock()
        self._restarts = 0

    def _zygote(self, framework: str) -> _Zygote:
        preload = "numpy" if framework == "numpy" else "torch"
        with self._zygote_lock:
            zygote = self._zygotes.get(preload)
            if zygote is not None and zygote.proc.poll() is not None and self._restarts < MAX_ZYGOTE_RESTARTS:
                # Killed from outside (or by the OOM killer): a run that loses its zygote goes on.
                self._restarts += 1
                zygote.close()
                zygote = None
            if zygote is None:
                zygote = self._zygotes[preload] = _Zygote(preload, self._requested)
            return zygote

    def alive(self) -> bool:
        """False once any zygote has died: results from it can no longer be trusted to come."""
        return all(z.proc.poll() is None for z in self._zygotes.values())

    def zygote_pids(self) -> list[int]:
        return [z.proc.pid for z in self._zygotes.values()]

    @property
    def mode(self) -> str:
        """The isolation in force, one of isolation.MODES (see grader/sandbox/modes.py)."""
        zygote = self._zygotes["numpy"]
        zygote.wait_ready()
        return zygote.mode

    @property
    def mode_notes(self) -> list[str]:
        """Why stronger modes were not used (empty when the strongest one was)."""
        zygote = self._zygotes["numpy"]
        zygote.wait_ready()
        return list(zygote.notes)

    def protects_references(self) -> bool:
        """Whether learner code can neither read nor write what the grader protects (solutions, hidden
        cases, gradebook, results, the project tree). Batch grading refuses modes where it cannot."""
        return self.mode in PROTECTIVE_MODES

    def describe_isolation(self) -> str:
        if sys.platform != "linux":
            return f"process limits only ({sys.platform}: no namespaces)"
        return DESCRIPTIONS.get(self.mode, self.mode)

    def end(self, handle: int) -> None:
        """End the run `on_start` named: its warden kills everything the run started."""
        end_job(handle)

    def close(self) -> None:
        for zygote in self._zygotes.values():
            zygote.close()
        reap_strays()

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self, job_bytes: bytes, limits: Limits, framework: str) -> tuple[int, int, int, int]:
        job_fd = os.memfd_create("dojo-job") if hasattr(os, "memfd_create") else _tempfile_fd()
        os.write(job_fd, job_bytes)
        os.lseek(job_fd, 0, os.SEEK_SET)
        result_r, result_w = os.pipe()
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        header = json.dumps({"limits": limits.__dict__}).encode()
        fds = [job_fd, result_w, out_w, err_w]
        try:
            try:
                pid = self._zygote(framework).start_job(header, fds)
            except (OSError, RuntimeError, ValueError):
                pid = self._zygote(framework).start_job(header, fds)  # a dead zygote was just replaced
        finally:
            for fd in fds:
                os.close(fd)
        return pid, result_r, out_r, err_r

    def run(self, job: dict[str, Any], limits: Limits, per_call_s: float | list[float],
            output_cap: int = OUTPUT_CAP, on_start: Callable[[int], None] | None = None) -> RunOutcome:
        """Run one job; `job` has module, files {name: bytes}, calls [(index, call dict)].

        per_call_s is one wall-clock limit for every call, or one limit per call in job order.
        on_start, if given, receives the run's handle as soon as it exists: `end(handle)` from another
        thread ends the run at once (a cancelled grade), as a timeout would.
        """
        n_calls = max(1, len(job.get("calls", [])))
        call_limits = list(per_call_s) if isinstance(per_call_s, list) else [float(per_call_s)] * n_calls
        done = 0
        wire_job = dict(job)
        wire_job["files"] = {k: v.decode("latin-1") for k, v in job["files"].items()}
        started = time.perf_counter()
        pid, result_r, out_r, err_r = self._start(wire.encode(wire_job, allow_build=True), limits,
                                                  str(job.get("framework", "torch")))
        if on_start is not None:
            on_start(pid)
        outcome = RunOutcome()
        buffers = {result_r: bytearray(), out_r: bytearray(), err_r: bytearray()}
        sel = selectors.DefaultSelector()
        for fd in buffers:
            sel.register(fd, selectors.EVENT_READ)
        open_fds = set(buffers)
        deadline = time.monotonic() + call_limits[0] + IMPORT_ALLOWANCE_S  # the first call pays the import
        hard_deadline = time.monotonic() + limits.wall_s
        total_result = 0
        try:
            while open_fds:
                if complete(job, outcome):
                    # Every answer is in: the warden ends the job now (kills init and anything the
                    # learner left running); read what output is left without waiting for its exit.
                    end_job(pid)
                    for fd in (out_r, err_r):
                        if fd in open_fds:
                            self._drain_nonblocking(fd, buffers[fd], output_cap, outcome)
                    break
                timeout = min(deadline, hard_deadline) - time.monotonic()
                if timeout <= 0:
                    current = call_limits[min(done, len(call_limits) - 1)]
                    outcome.killed = f"timed out (over {current:g} s for one call)" if deadline <= hard_deadline \
                        else f"timed out (over {limits.wall_s:g} s in all)"
                    break
                for key, _ in sel.select(timeout):
                    fd = key.fd
                    chunk = os.read(fd, 1 << 16)
                    if not chunk:
                        sel.unregister(fd)
                        open_fds.discard(fd)
                        continue
                    if fd == result_r:
                        total_result += len(chunk)
                        if total_result > RESULT_CAP:
                            outcome.killed = "result too large"
                            break
                        buffers[fd] += chunk
                        got = drain_frames(buffers[fd], outcome, job)
                        if got:
                            done = len(outcome.results)
                            deadline = time.monotonic() + call_limits[min(done, len(call_limits) - 1)]
                        if outcome.killed:
                            break
                    else:
                        room = output_cap - len(buffers[fd])
                        buffers[fd] += chunk[: max(room, 0)]
                        outcome.dropped_output += max(0, len(chunk) - max(room, 0))
                if outcome.killed:
                    break
        finally:
            if outcome.killed:
                end_job(pid)
            sel.close()
            for fd in buffers:
                os.close(fd)
        reap_strays()  # a warden that died early leaves its job's processes to us
        outcome.stdout = buffers[out_r].decode("utf-8", "replace")
        outcome.stderr = buffers[err_r].decode("utf-8", "replace")
        outcome.seconds = time.perf_counter() - started
        # The mode comes from the zygote's control socket, never from the result pipe: the learner
        # can write that pipe, and a forged status frame must not relabel the isolation.
        outcome.isolation = self.mode
        return outcome

    @staticmethod
    def _drain_nonblocking(fd: int, buf: bytearray, cap: int, outcome: RunOutcome) -> None:
        os.set_blocking(fd, False)
        while True:
            try:
                chunk = os.read(fd, 1 << 16)
            except BlockingIOError:
                return
            if not chunk:
                return
            room = max(cap - len(buf), 0)
            buf += chunk[:room]
            outcome.dropped_output += len(chunk) - min(room, len(chunk))


def _tempfile_fd() -> int:
    import tempfile

    fd, path = tempfile.mkstemp(prefix="dojo-job-")
    os.unlink(path)
    return fd


def open_sandbox(isolate: bool = True) -> "Sandbox | Any":
    """The sandbox this platform supports: forked from zygotes where fork exists, else spawned.

    DOJO_SANDBOX=spawn forces spawned children (how that path is tested on Linux).
    """
    if os.environ.get("DOJO_SANDBOX") == "spawn" or not hasattr(os, "fork"):
        from grader.sandbox.spawn import SpawnSandbox

        return SpawnSandbox()
    return Sandbox(isolate=isolate)
