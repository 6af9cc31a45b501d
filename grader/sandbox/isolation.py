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
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REMOUNT = 32
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18
PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_CAPBSET_DROP = 24
PR_SET_SECUREBITS = 28
PR_SET_CHILD_SUBREAPER = 36
PR_SET_NO_NEW_PRIVS = 38
SECBITS_LOCKED_NOROOT = 0x2F  # NOROOT, NO_SETUID_FIXUP, KEEP_CAPS_LOCKED and their locks: exec never grants caps
JOB_UID_BASE = 1_900_000  # dedicated uids for learner children as root without CAP_SYS_ADMIN (uid mode)
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


def prctl(option: int, arg: int) -> bool:
    """prctl(option, arg); False where it failed or there is no prctl (not Linux)."""
    return _libc is not None and _libc.prctl(option, arg, 0, 0, 0) == 0


def enter_user_namespace(flags: int, outer_id: int | None = None) -> None:
    """unshare a user namespace with `flags`, mapping root inside to `outer_id` outside (default: us).

    Gives this process capabilities over the new namespaces only; drop_capabilities() takes them
    away again before learner code runs. Mapping to another id needs CAP_SETUID where we are, which
    root keeps without CAP_SYS_ADMIN: a helper still outside the namespace writes the map then.
    """
    uid, gid = os.getuid(), os.getgid()
    if outer_id is None or outer_id == uid:
        unshare(CLONE_NEWUSER | flags)
        Path("/proc/self/setgroups").write_text("deny")
        Path("/proc/self/uid_map").write_text(f"0 {uid} 1")
        Path("/proc/self/gid_map").write_text(f"0 {gid} 1")
        return
    go_r, go_w = os.pipe()
    me = os.getpid()
    helper = os.fork()
    if helper == 0:
        code = 1
        try:
            os.close(go_w)
            if os.read(go_r, 1) == b"1":
                Path(f"/proc/{me}/uid_map").write_text(f"0 {outer_id} 1")
                Path(f"/proc/{me}/gid_map").write_text(f"0 {outer_id} 1")
                code = 0
        finally:
            os._exit(code)
    os.close(go_r)
    try:
        unshare(CLONE_NEWUSER | flags)
    except OSError:
        os.write(go_w, b"0")
        os.waitpid(helper, 0)
        raise
    os.write(go_w, b"1")
    os.close(go_w)
    _, status = os.waitpid(helper, 0)
    if not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0):
        raise OSError(1, f"could not map the user namespace to uid {outer_id}")
    os.setgroups([])  # root of the namespace, whose groups still name the host's
    os.setresgid(0, 0, 0)
    os.setresuid(0, 0, 0)


def drop_capabilities() -> None:
    """No capability now or after any exec: securebits locked, bounding set empty, sets cleared."""
    assert _libc is not None
    _check(_libc.prctl(PR_SET_SECUREBITS, SECBITS_LOCKED_NOROOT, 0, 0, 0), "securebits")
    cap = 0
    while _libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == 0:
        cap += 1

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]

    header, data = Header(0x20080522, 0), (Data * 2)()
    _check(_libc.capset(ctypes.byref(header), data), "capset")


def processes_of(uid: int) -> int:
    """How many processes (threads count too, as RLIMIT_NPROC counts them) run as `uid`."""
    n = 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    n += len(os.listdir(f"/proc/{entry.name}/task"))
            except OSError:
                continue
    return n


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


def build_jail(work_files: dict[str, bytes], tmpfs_mb: int, owner: int | None = NOBODY) -> None:
    """In a fresh mount namespace: a tmpfs root holding only read-only binds and /work."""
    mount("none", "/", None, MS_REC | MS_PRIVATE)
    try:
        JAIL.mkdir(mode=0o755, exist_ok=True)
    except OSError:
        pass  # made by another user: a mount point is all it needs to be
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
    if owner is not None:
        os.chown(work, owner, owner)


def enter_jail(user_namespace: bool = False) -> None:
    """Run in the PID namespace's init: a /proc of its own, chroot, then no privilege at all.

    As real root: drop to nobody. In a user namespace there is no other uid to become: keep the
    mapped uid and drop every capability instead (so the read-only binds stay read-only).
    """
    mount("proc", str(JAIL / "proc"), "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    os.chroot(str(JAIL))
    os.chdir("/work")
    if user_namespace:
        drop_capabilities()
        # Dropping capabilities made this process non-dumpable, which hides its /proc/PID/smaps_rollup
        # from the warden's memory watch; nothing it could be traced for is left in it.
        prctl(PR_SET_DUMPABLE, 1)
        return
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def become(uid: int) -> None:
    """Root without CAP_SYS_ADMIN (a container): become a dedicated uid that owns nothing of ours."""
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)


CGROUP_ROOT = Path("/sys/fs/cgroup")


def cgroup_confine(pid: int, name: str, memory_bytes: int, pids: int) -> list[Path]:
    """Put `pid` in fresh memory and pids cgroups (v1 or v2) bounding the whole sandbox, where we may.

    Returns the cgroups made (to remove after the job), or [] where cgroups are not ours to use.
    """
    made: list[Path] = []
    unified = CGROUP_ROOT / "cgroup.controllers"
    try:
        if unified.exists():  # cgroup v2
            group = CGROUP_ROOT / "dojo" / name
            group.mkdir(parents=True, exist_ok=True)
            made.append(group)
            (group / "memory.max").write_text(str(memory_bytes))
            (group / "pids.max").write_text(str(pids))
            (group / "cgroup.procs").write_text(str(pid))
            return made
        for controller, settings in (("memory", {"memory.limit_in_bytes": memory_bytes}), ("pids", {"pids.max": pids})):
            base = CGROUP_ROOT / controller
            if not base.is_dir():
                continue
            group = base / "dojo" / name
            group.mkdir(parents=True, exist_ok=True)
            made.append(group)
            for key, value in settings.items():
                (group / key).write_text(str(value))
            (group / "cgroup.procs").write_text(str(pid))
    except OSError:
        pass  # read-only cgroupfs (most containers), or not ours: the process limits still apply
    return made


def cgroup_remove(groups: list[Path]) -> None:
    for group in groups:
        for _ in range(50):
            try:
                group.rmdir()
                break
            except FileNotFoundError:
                break
            except OSError:  # processes still leaving it
                import time

                time.sleep(0.01)


def vm_size_bytes() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def apply_limits(limits: Limits, nproc_base: int = 0) -> list[str]:
    """Set hard limits (soft = hard, so the learner cannot raise them). Returns what failed.

    `nproc_base`: processes the uid already runs elsewhere (RLIMIT_NPROC counts per real uid).
    """
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
        wanted.append(("RLIMIT_NPROC", resource.RLIMIT_NPROC, nproc_base + limits.nproc))
    for name, which, value in wanted:
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            failed.append(name)
    return failed
