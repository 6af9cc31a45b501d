"""Linux isolation primitives for the learner's child: namespaces, a private root, limits.

Used inside the warden and init processes only. Every step that can fail reports what failed,
so the grader can say which isolation was in force.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys

try:
    import resource
except ImportError:  # Windows: no POSIX limits; the spawned sandbox says so
    resource = None  # type: ignore[assignment]
from dataclasses import dataclass
from pathlib import Path

CLONE_NEWNS = 0x00020000
CLONE_NEWNET = 0x40000000
CLONE_NEWPID = 0x20000000
MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REMOUNT = 32
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18
PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38
NOBODY = 65534

# The isolation modes, strongest first; the sandbox uses the strongest the platform allows.
MODES = ("namespaces", "userns", "uid", "landlock", "limits", "spawned")
# Modes in which learner code can neither read nor write solutions, hidden cases, gradebook or results.
PROTECTIVE_MODES = frozenset({"namespaces", "userns", "uid", "landlock"})


def how_to_strengthen() -> str:
    """Advice for an instructor whose machine only allows a weak isolation."""
    return ("run the grader as root (namespaces), or as an ordinary user on a kernel that allows "
            "unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1; on Ubuntu 24.04 "
            "kernel.apparmor_restrict_unprivileged_userns=0), or in a container as root (a dedicated "
            "uid then guards the files), on Linux 5.13+ for Landlock")
JAIL = Path("/tmp/dojo-jail")

_libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True) if sys.platform == "linux" else None


@dataclass(frozen=True)
class Limits:
    wall_s: float
    cpu_s: float
    memory_mb: int
    fsize_mb: int = 16
    nproc: int = 64
    nofile: int = 256


def _check(ret: int, what: str) -> None:
    if ret != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def unshare(flags: int) -> None:
    assert _libc is not None
    _check(_libc.unshare(flags), "unshare")


def mount(source: str, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    assert _libc is not None
    _check(
        _libc.mount(source.encode(), target.encode(), fstype.encode() if fstype else None, flags,
                    data.encode() if data else None),
        f"mount {source} on {target}",
    )


def prctl(option: int, arg: int) -> None:
    if _libc is not None:
        _libc.prctl(option, arg, 0, 0, 0)


def namespaces_possible() -> bool:
    return sys.platform == "linux" and os.geteuid() == 0 and _libc is not None


def _bind_ro(source: Path, jail: Path) -> None:
    target = jail / str(source).lstrip("/")
    if source.is_dir():
        target.mkdir(parents=True, exist_ok=True)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.touch(exist_ok=True)
    mount(str(source), str(target), None, MS_BIND | MS_REC)
    # A bind mount ignores MS_RDONLY until remounted.
    mount("none", str(target), None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_REC)


def visible_paths() -> list[Path]:
    """What the child may read: the Python install, site-packages, system libraries, the grader package."""
    paths: set[Path] = {Path(sys.base_prefix), Path(sys.prefix), Path(__file__).resolve().parents[1]}
    for entry in sys.path:
        p = Path(entry)
        if p.is_dir() and ("site-packages" in p.parts or "dist-packages" in p.parts):
            paths.add(p.resolve())
    for lib in ("/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib", "/etc/ld.so.cache"):
        if Path(lib).exists():
            paths.add(Path(lib))
    # Keep the set minimal: drop any path inside another one.
    ordered = sorted(paths, key=lambda p: len(p.parts))
    kept: list[Path] = []
    for p in ordered:
        if not any(p == k or k in p.parents for k in kept):
            kept.append(p)
    return kept


def build_jail(work_files: dict[str, bytes], tmpfs_mb: int) -> None:
    """In a fresh mount namespace: a tmpfs root holding only read-only binds and /work."""
    mount("none", "/", None, MS_REC | MS_PRIVATE)
    JAIL.mkdir(mode=0o755, exist_ok=True)
    mount("tmpfs", str(JAIL), "tmpfs", MS_NOSUID | MS_NODEV, f"size={tmpfs_mb}m,mode=755")
    for path in visible_paths():
        _bind_ro(path, JAIL)
    for dev in ("null", "zero", "urandom", "random"):
        _bind_ro(Path("/dev") / dev, JAIL)
        mount("none", str(JAIL / "dev" / dev), None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_REC)
    for d in ("tmp", "work", "proc"):
        (JAIL / d).mkdir(exist_ok=True)
    os.chmod(JAIL / "tmp", 0o1777)
    work = JAIL / "work"
    for name, data in work_files.items():
        (work / name).write_bytes(data)
        os.chmod(work / name, 0o444)
    os.chown(work, NOBODY, NOBODY)


def enter_jail() -> None:
    """Run in the PID namespace's init: a /proc of its own, chroot, drop to nobody."""
    mount("proc", str(JAIL / "proc"), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    os.chroot(str(JAIL))
    os.chdir("/work")
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def vm_size_bytes() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def apply_limits(limits: Limits) -> list[str]:
    """Set hard limits (soft = hard, so the learner cannot raise them). Returns what failed."""
    if resource is None:
        return ["all (no resource module)"]
    failed = []
    cpu = max(1, int(limits.cpu_s + 0.999))
    # Address space counts what torch mapped at import; the budget is on top of it.
    address = vm_size_bytes() + limits.memory_mb * 1024 * 1024
    wanted = [
        ("RLIMIT_CPU", resource.RLIMIT_CPU, cpu),
        ("RLIMIT_AS", resource.RLIMIT_AS, address),
        ("RLIMIT_FSIZE", resource.RLIMIT_FSIZE, limits.fsize_mb * 1024 * 1024),
        ("RLIMIT_NOFILE", resource.RLIMIT_NOFILE, limits.nofile),
        ("RLIMIT_CORE", resource.RLIMIT_CORE, 0),
    ]
    if hasattr(resource, "RLIMIT_NPROC"):
        wanted.append(("RLIMIT_NPROC", resource.RLIMIT_NPROC, limits.nproc))
    for name, which, value in wanted:
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            failed.append(name)
    return failed
