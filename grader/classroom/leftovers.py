"""After a grading run: find every process it left behind, kill it, and say whether any survived.

Used by `dojo gradescope run` before it writes results.json, so no learner process (a double-forked
daemon, say) is alive to rewrite the results once the run has returned. The grading process is a
child subreaper (PR_SET_CHILD_SUBREAPER), so a daemon whose parent exits comes back to it instead
of to init, and stays findable as a descendant.
"""
from __future__ import annotations

import os
import signal
import subprocess
import time

from grader.sandbox import isolation

ROUNDS = 100  # kill, reap, look again: a fork storm stops once every member is killed


def become_subreaper() -> bool:
    """Make orphaned descendants come back to this process (Linux 3.4+); False where not possible."""
    return isolation.prctl(isolation.PR_SET_CHILD_SUBREAPER, 1)


def _table() -> dict[int, tuple[int, bool]]:
    """pid -> (parent pid, is a zombie) of every process this user can see."""
    out: dict[int, tuple[int, bool]] = {}
    if os.path.isdir("/proc/self"):
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            try:
                with open(f"/proc/{name}/stat", "rb") as f:
                    data = f.read()
            except OSError:
                continue  # gone meanwhile
            fields = data[data.rfind(b")") + 2:].split()  # the command name may hold spaces and ')'
            out[int(name)] = (int(fields[1]), fields[0] == b"Z")
        return out
    ps = subprocess.run(["ps", "-A", "-o", "pid=,ppid=,stat="], capture_output=True, text=True, check=False)
    for line in ps.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0].isdigit() and parts[1].isdigit():
            out[int(parts[0])] = (int(parts[1]), parts[2].startswith("Z"))
    return out


def descendants(root: int | None = None, include_zombies: bool = False) -> set[int]:
    """Every process below `root` (default: this one)."""
    root = os.getpid() if root is None else root
    children: dict[int, list[int]] = {}
    zombies = set()
    for pid, (ppid, zombie) in _table().items():
        children.setdefault(ppid, []).append(pid)
        if zombie:
            zombies.add(pid)
    found: set[int] = set()
    stack = [root]
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found if include_zombies else found - zombies


def _reap(pids: set[int]) -> None:
    for pid in pids:
        try:
            os.waitpid(pid, os.WNOHANG)
        except (ChildProcessError, OSError):
            pass  # not our child (its parent reaps it), or already reaped


def kill_leftovers(before: set[int]) -> set[int]:
    """SIGKILL every descendant that was not there before the run; returns those still alive after."""
    for _ in range(ROUNDS):
        left = descendants(include_zombies=True) - before
        alive = descendants() - before
        _reap(left - alive)
        if not alive:
            return set()
        for pid in alive:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        time.sleep(0.01)
        _reap(alive)
    return descendants() - before
