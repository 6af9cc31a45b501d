"""Which isolation this machine allows, strongest first, probed once by the zygote at start.

    namespaces  root with CAP_SYS_ADMIN: mount, PID, network and IPC namespaces, a private read-only
                root, the child runs as nobody
    userns      any user, where unprivileged user namespaces work: the same namespaces inside a user
                namespace; the child keeps the mapped uid with every capability dropped
    uid         root without CAP_SYS_ADMIN (a container): a dedicated uid per job, plus Landlock
    landlock    an ordinary user where user namespaces are refused: Landlock limits reads and writes
    limits      resource limits only

Every mode adds seccomp (where the architecture is known) and resource limits. DOJO_SANDBOX names a
mode to use instead (how the weaker modes are tested); a mode the machine cannot give falls to the
next weaker one, and the note says so.
"""
from __future__ import annotations

import os
import sys

from grader.sandbox import isolation, landlock

LADDER = ("namespaces", "userns", "uid", "landlock", "limits")
SANDBOX_NS = isolation.CLONE_NEWNS | isolation.CLONE_NEWNET | isolation.CLONE_NEWPID | isolation.CLONE_NEWIPC


def _works_in_child(attempt: str) -> bool:
    """Try an isolation step in a throwaway child: unshare changes the caller for good."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            if attempt == "namespaces":
                isolation.unshare(SANDBOX_NS)
                isolation.mount("none", "/", None, isolation.MS_REC | isolation.MS_PRIVATE)
            else:  # userns: some kernels allow the namespace but not mounting in it (AppArmor)
                isolation.enter_user_namespace(SANDBOX_NS)
                isolation.mount("none", "/", None, isolation.MS_REC | isolation.MS_PRIVATE)
                isolation.mount("tmpfs", "/tmp", "tmpfs", isolation.MS_NOSUID | isolation.MS_NODEV, "size=1m")
            code = 0
        except BaseException:  # noqa: BLE001 - any failure means the mode is out of reach
            code = 1
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


def _readable_by_others(path: "os.PathLike[str]") -> bool:
    """Whether an unrelated uid can reach and read `path` (every folder above it searchable)."""
    from pathlib import Path

    p = Path(path)
    try:
        if not os.stat(p).st_mode & 0o004:
            return False
        return all(os.stat(a).st_mode & 0o001 for a in p.parents)
    except OSError:
        return False


def python_readable_by_others() -> bool:
    """Whether a dedicated uid could import what the child needs (false for a Python under /root)."""
    return all(_readable_by_others(p) for p in isolation.visible_paths())


def available(mode: str) -> str | None:
    """None if `mode` works here, else why not."""
    if sys.platform != "linux":
        return f"{sys.platform} has no Linux namespaces or Landlock"
    if mode == "namespaces":
        if os.geteuid() != 0:
            return "needs root"
        return None if _works_in_child("namespaces") else "unshare refused (no CAP_SYS_ADMIN?)"
    if mode == "userns":
        return None if _works_in_child("userns") else "user namespaces refused by this kernel or container"
    if mode == "uid":
        if os.geteuid() != 0:
            return "needs root"
        if landlock.abi_version() < 1:
            return "needs Landlock to keep the project unreadable"
        return None if python_readable_by_others() else "another uid cannot read the Python install"
    if mode == "landlock":
        return None if landlock.abi_version() >= 1 else "Landlock is not available (Linux 5.13+)"
    return None


def choose(requested: str) -> tuple[str, list[str]]:
    """The strongest mode at or below `requested` ("auto" = the strongest of all), and notes on those skipped."""
    start = 0 if requested in ("auto", "") else LADDER.index(requested)
    notes: list[str] = []
    for mode in LADDER[start:]:
        why = available(mode)
        if why is None:
            return mode, notes
        notes.append(f"{mode}: {why}")
    return "limits", notes
