"""The trusted process's own hardening, and making sure nothing of a job outlives it.

- harden_trusted_process: non-dumpable (no ptrace, no /proc/PID/mem from a same-uid child) and a
  child subreaper (a double-forked daemon comes back to us instead of to PID 1).
- end_job: ask a job's warden to kill everything the job runs (SIGUSR1), and SIGKILL the warden if
  it has not gone a little later.
- reap_strays: kill sandbox processes that were re-parented to us (a warden that died early).
"""
from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Callable, Iterator

from grader.sandbox import isolation

WARDEN_GRACE_S = 10.0
ZYGOTE_MARK = b"grader.sandbox.zygote"


def harden_trusted_process() -> None:
    isolation.prctl(isolation.PR_SET_DUMPABLE, 0)
    isolation.prctl(isolation.PR_SET_CHILD_SUBREAPER, 1)


def _is_sandbox_process(pid: int) -> bool:
    """The pid still names a process forked from a zygote (checked before any kill: pids get reused)."""
    try:
        return ZYGOTE_MARK in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def _kill_if_sandbox(pid: int) -> None:
    if _is_sandbox_process(pid):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def end_job(warden_pid: int) -> None:
    """Tell the warden the job is over; it kills init, its PID namespace and every leftover."""
    try:
        os.kill(warden_pid, signal.SIGUSR1)
    except OSError:
        return
    timer = threading.Timer(WARDEN_GRACE_S, _kill_if_sandbox, (warden_pid,))
    timer.daemon = True
    timer.start()


# Every zygote this process started, whichever Sandbox owns it: a process may hold several
# sandboxes (tests, a server), and one sandbox's sweep must never take another's zygote for a stray.
_zygotes: set[int] = set()
_zygotes_lock = threading.Lock()


@contextlib.contextmanager
def register_zygote() -> Iterator[Callable[[int], None]]:
    """Hold off every sweep for strays while a zygote starts; the caller names it before leaving."""
    with _zygotes_lock:
        yield _zygotes.add


def forget_zygote(pid: int) -> None:
    with _zygotes_lock:
        _zygotes.discard(pid)


def reap_strays() -> None:
    """Kill and reap our children that are sandbox processes but not zygotes (re-parented orphans)."""
    if sys.platform != "linux":
        return
    with _zygotes_lock:  # held throughout: a zygote starting meanwhile would look like a stray
        _sweep(set(_zygotes))


def _sweep(exclude: set[int]) -> None:
    for _ in range(20):
        found = []
        for task in os.listdir("/proc/self/task"):
            try:
                found += [int(p) for p in Path(f"/proc/self/task/{task}/children").read_text().split()]
            except OSError:
                continue
        strays = [p for p in found if p not in exclude and _is_sandbox_process(p)]
        if not strays:
            return
        for pid in strays:
            _kill_if_sandbox(pid)
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
