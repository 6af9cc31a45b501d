"""The zygote: a process that imported numpy and torch once, and forks one warden per job.

It never imports solutions/ or hidden tests, and it has computed nothing, so forking it is
cheap and safe (a fork after a multi-threaded torch op would deadlock). Protocol on its
control socket: the grader sends a JSON job header with four fds attached (the job message,
the result pipe, the learner's stdout and stderr); the zygote answers with the warden's pid.

Per job:  zygote -> warden (sets up the mode's isolation: see modes.py; a child subreaper)
                 -> init (PID 1 of the new namespace where there is one; drops privilege, limits,
                          Landlock and seccomp as the mode says; runs the learner)
When the job ends (every answer in, a timeout, or SIGUSR1 from the grader) the warden kills init and
everything below it, and removes its cgroups. When the warden dies, init gets SIGKILL, and with it
every process of its PID namespace.
"""
from __future__ import annotations

import array
import json
import os
import signal
import socket
import struct
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy  # noqa: E402,F401 - imported once here so every child starts warm

if len(sys.argv) < 3 or sys.argv[2] == "torch":
    # Only the torch zygote imports torch: forking a process that holds it costs several times more.
    try:
        import torch  # noqa: E402

        torch.set_num_threads(1)
        torch.set_num_interop_threads(1)
        # An optimizer's first step imports torch._dynamo (seconds): pay it once here, not in
        # every child that trains. Imports only; nothing is computed before forking.
        import torch._dynamo  # noqa: F401
        import torch.optim  # noqa: F401
    except ImportError:  # pragma: no cover
        pass

if len(sys.argv) < 3 or sys.argv[2] == "torch":
    # The visible tests run in the torch zygote; pytest stays out of the numpy one, where it
    # would double the cost of every fork.
    try:
        import pytest  # noqa: E402,F401
    except ImportError:  # pragma: no cover
        pass

from pathlib import Path  # noqa: E402

from grader import wire  # noqa: E402
from grader.sandbox import child, isolation, landlock, modes, seccomp  # noqa: E402

SCRUBBED_ENV = {"PATH": "/usr/bin:/bin", "HOME": "/work", "LANG": "C.UTF-8", "OMP_NUM_THREADS": "1",
                "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1",
                "PYTHONHASHSEED": "0"}


def _read_all(fd: int) -> bytes:
    chunks = []
    while True:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _send_status(result_fd: int, **status: object) -> None:
    data = wire.encode({"t": "status", **status})
    os.write(result_fd, struct.pack("<I", len(data)) + data)


def _recv_with_fds(sock: socket.socket, n_fds: int) -> tuple[bytes, list[int]]:
    fds = array.array("i")
    msg, ancdata, _, _ = sock.recvmsg(65536, socket.CMSG_LEN(n_fds * fds.itemsize))
    for level, kind, data in ancdata:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(data[: len(data) - (len(data) % fds.itemsize)])
    return msg, list(fds)


def _send_with_fds(sock: socket.socket, msg: bytes, fds: list[int]) -> None:
    sock.sendmsg([msg], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, struct.pack(f"{len(fds)}i", *fds))])


JAIL_MODES = ("namespaces", "userns")


class _EndJob(BaseException):
    """Raised in the warden by SIGUSR1: the grader has every answer, or gave up waiting."""


def _end_job(signum: int, frame: object) -> None:
    signal.signal(signal.SIGUSR1, signal.SIG_IGN)  # once: a second request must not interrupt the cleanup
    raise _EndJob()


def _landlock_paths(workdir: str) -> tuple[list[Path], list[Path]]:
    """What the child may read (Python, libraries, the grader package, /proc) and write (its folder)."""
    read = isolation.visible_paths() + [Path(p) for p in ("/proc", "/sys/devices/system/cpu", "/dev/urandom",
                                                          "/dev/random", "/dev/zero", "/etc/ld.so.cache")]
    return read, [Path(workdir), Path("/dev/null")]


def _init(channel: socket.socket, mode: str, workdir: str, alive_r: int, job_uid: int, notes: list[str]) -> None:
    """PID 1 of the sandbox (or a plain child without namespaces): waits for a job, becomes the learner.

    Everything up to the wait (jail, chroot, dropped privilege, Landlock) happens before the job
    exists, while the grader is still busy with the previous one.
    """
    os.setsid()  # out of the grader's process group, so a group kill cannot reach it
    if mode in JAIL_MODES:
        isolation.enter_jail(user_namespace=mode == "userns")
    else:
        os.chdir(workdir)
        if mode == "uid":
            isolation.become(job_uid)
        if mode in ("uid", "landlock"):
            isolation.prctl(isolation.PR_SET_NO_NEW_PRIVS, 1)
            landlock.restrict(*_landlock_paths(workdir))
    # Changing credentials clears the parent-death signal: set it again, so that killing the warden
    # still kills this process and with it the whole PID namespace.
    isolation.prctl(isolation.PR_SET_PDEATHSIG, signal.SIGKILL)
    os.set_blocking(alive_r, False)
    try:
        if os.read(alive_r, 1) == b"":  # EOF: the warden died before that, so follow it
            os._exit(72)
    except BlockingIOError:
        pass  # the warden is alive
    msg, fds = _recv_with_fds(channel, 4)
    if not msg or len(fds) != 4:
        os._exit(0)  # the warden was told to stop: no job will come
    header = json.loads(msg.decode())
    job_fd, result_fd, out_fd, err_fd = fds
    limits = isolation.Limits(**header["limits"])
    job = wire.decode(_read_all(job_fd), allow_build=True)
    for name, data in job.pop("files").items():
        path = os.path.join(os.getcwd(), os.path.basename(name))
        with open(path, "wb") as f:
            f.write(data.encode("latin-1"))
        os.chmod(path, 0o444)
    os.dup2(out_fd, 1)
    os.dup2(err_fd, 2)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    keep = {0, 1, 2, result_fd}
    for fd in range(3, 1024):
        if fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass
    os.environ.clear()
    os.environ.update(SCRUBBED_ENV)
    if mode not in JAIL_MODES:
        os.environ.update(HOME=workdir, TMPDIR=workdir)
    # Where the uid is shared with the grader (or the user namespace maps to it), the process limit
    # counts the user's other processes too: the learner gets `nproc` on top of those.
    shared_uid = mode in ("userns", "landlock", "limits")
    base = isolation.processes_of(os.getuid()) if shared_uid and not mode == "userns" else 0
    if mode == "userns":
        base = int(header.get("uid_processes", 0))
    isolation.apply_limits(limits, nproc_base=base)
    isolation.prctl(isolation.PR_SET_NO_NEW_PRIVS, 1)
    if seccomp.supported():
        seccomp.install()
    sys.stdout = os.fdopen(1, "w", buffering=1, errors="replace")
    sys.stderr = os.fdopen(2, "w", buffering=1, errors="replace")
    sys.stdin = open(os.devnull)
    try:
        if job.get("kind") == "pytest":
            child.run_pytest(job, result_fd)
        else:
            child.run(job, result_fd)
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:  # noqa: BLE001
            pass
    os._exit(0)


def _children() -> list[int]:
    out: list[int] = []
    for task in os.listdir("/proc/self/task"):
        try:
            out += [int(p) for p in Path(f"/proc/self/task/{task}/children").read_text().split()]
        except OSError:
            continue
    return out


def _kill_descendants(job_uid: int | None, group: int) -> None:
    """Kill every process below this warden (a child subreaper: orphans come back to it).

    seccomp keeps every process of the job in init's process group, so one killpg reaches them all
    at once (the kernel lets no fork escape a group kill); the subreaper sweep catches the rest.
    """
    for _ in range(3):
        try:
            os.killpg(group, signal.SIGKILL)
        except OSError:
            break
    if job_uid is not None:
        # A dedicated uid: whatever runs as it is the job's. kill(-1) as that uid reaches it all.
        pid = os.fork()
        if pid == 0:
            try:
                isolation.become(job_uid)
                os.kill(-1, signal.SIGKILL)
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
    deadline = time.monotonic() + 2.0  # well inside the grader's grace before it kills this warden
    quiet = 0
    while quiet < 2 and time.monotonic() < deadline:
        found = _children()
        for pid in found:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        while True:  # reap: killed children's orphans are re-parented here and show up next round
            try:
                if os.waitpid(-1, os.WNOHANG)[0] == 0:
                    break
            except ChildProcessError:
                break
        quiet = quiet + 1 if not found else 0
        if found:
            time.sleep(0.005)


def _pss_bytes(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _job_processes(root: int) -> list[int]:
    found, frontier = [root], [root]
    while frontier:
        nxt = []
        for pid in frontier:
            try:
                for task in os.listdir(f"/proc/{pid}/task"):
                    nxt += [int(p) for p in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
            except OSError:
                continue
        found += nxt
        frontier = nxt
    return found


def _wait_within_memory(pid: int, budget: int, notes: list[str]) -> int | None:
    """waitpid(pid), killing the job if its processes together hold more than `budget` bytes.

    Proportional set size: pages shared with the zygote count once across the job, not per process.
    """
    pause = 0.002  # short at first: most jobs end within milliseconds
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        if sum(_pss_bytes(p) for p in _job_processes(pid)) > budget:
            notes.append(f"over the memory limit ({budget >> 20} MiB, all processes together)")
            os.kill(pid, signal.SIGKILL)
            return os.waitpid(pid, 0)[1]
        time.sleep(pause)
        pause = min(pause * 2, 0.05)


def job_id_for_root() -> int | None:
    """A dedicated uid for this job when another uid can read the Python install, else None (stay root)."""
    if not modes.python_readable_by_others():
        return None
    return isolation.JOB_UID_BASE + os.getpid() % 1_000_000


def _warden(ctl: socket.socket, mode: str, uid_processes: int) -> None:
    """A spare, forked before its job: builds the mode's isolation, forks init, then waits.

    When the job comes it hands it to init, and when init ends (or the grader says the job is
    over) it kills everything the job left and reports how init ended.
    """
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGUSR1, signal.SIG_IGN)  # until there is a job to end
    marks = {"start": time.monotonic()}
    notes: list[str] = []
    isolation.prctl(isolation.PR_SET_CHILD_SUBREAPER, 1)
    try:
        if mode == "namespaces":
            isolation.unshare(modes.SANDBOX_NS)
            isolation.build_jail({}, tmpfs_mb=64)
        elif mode == "userns":
            # As root (a container without CAP_SYS_ADMIN) the namespace maps to a dedicated uid, so
            # that the process limit applies (it never does to root) and nothing here is ours.
            outer = job_id_for_root() if os.getuid() == 0 else None
            isolation.enter_user_namespace(modes.SANDBOX_NS, outer)
            isolation.build_jail({}, tmpfs_mb=64, owner=None)
    except OSError as exc:
        notes.append(f"{mode} unavailable ({exc}); limits only")
        mode = "limits"
    workdir = ""
    job_uid = job_id_for_root() if mode == "uid" else None
    if mode == "uid" and job_uid is None:  # never run learner code as root
        notes.append("uid unavailable (the Python install is private to root); limits only")
        mode = "limits"
    if mode not in JAIL_MODES:
        import tempfile

        workdir = tempfile.mkdtemp(prefix="dojo-work-")
        if job_uid is not None:
            os.chown(workdir, job_uid, job_uid)
    marks["jail"] = time.monotonic()
    # A pipe the warden keeps open while it lives: EOF on it tells init the warden is gone.
    alive_r, alive_w = os.pipe()
    to_init, init_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    pid = os.fork()
    if pid == 0:
        try:
            os.close(alive_w)
            to_init.close()
            ctl.close()
            isolation.prctl(isolation.PR_SET_PDEATHSIG, signal.SIGKILL)
            _init(init_end, mode, workdir, alive_r, job_uid or 0, notes)
        except BaseException as exc:  # noqa: BLE001 - never return into the warden's code
            try:
                os.write(2, f"sandbox setup failed: {exc}\n".encode())
            finally:
                os._exit(70)
    init_end.close()
    os.close(alive_r)
    marks["forked"] = time.monotonic()

    msg, fds = _recv_with_fds(ctl, 4)  # blocks until the zygote hands over a job
    ctl.close()
    if not msg or len(fds) != 4:
        os._exit(0)  # the zygote is shutting down; init follows through its parent-death signal
    marks["job"] = time.monotonic()
    header = json.loads(msg.decode())
    limits = header["limits"]
    groups = isolation.cgroup_confine(pid, f"job-{os.getpid()}", (int(limits["memory_mb"]) + 128) << 20,
                                      int(limits["nproc"]))
    if not groups:
        notes.append("no cgroup: the warden watches the memory of all the job's processes")
    if mode == "userns":
        msg = json.dumps({**header, "uid_processes": uid_processes}).encode()
    job_fd, result_fd, out_fd, err_fd = fds
    status = None
    # Ready for the grader's word before init has the job: its answers may all come back at once.
    signal.signal(signal.SIGUSR1, _end_job)
    try:
        _send_with_fds(to_init, msg, fds)
        for fd in (job_fd, out_fd, err_fd):
            os.close(fd)
        to_init.close()
        if groups:
            _, status = os.waitpid(pid, 0)
        else:  # no cgroup: bound the memory of all the job's processes together by watching it
            status = _wait_within_memory(pid, (int(limits["memory_mb"]) + 256) << 20, notes)
    except _EndJob:
        pass
    signal.signal(signal.SIGUSR1, signal.SIG_IGN)
    try:
        os.kill(pid, signal.SIGKILL)  # in a PID namespace this ends every process in it
    except OSError:
        pass
    _kill_descendants(job_uid, pid)
    marks["ended"] = time.monotonic()
    isolation.cgroup_remove(groups)
    if workdir:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)
    sig = os.WTERMSIG(status) if status is not None and os.WIFSIGNALED(status) else None
    code = os.WEXITSTATUS(status) if status is not None and os.WIFEXITED(status) else None
    timings = {k: round(v - marks["job"], 4) for k, v in marks.items() if k != "start"}
    try:
        _send_status(result_fd, exit=code, signal=sig, isolation=mode, notes=notes, timings=timings,
                     ended_by_grader=status is None)
    except OSError:
        pass  # the grader already had every answer and stopped listening
    os._exit(0)


def _spawn_spare(mode: str, sock: socket.socket, uid_processes: int) -> tuple[int, socket.socket]:
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    pid = os.fork()
    if pid == 0:
        try:
            sock.close()
            ours.close()
            _warden(theirs, mode, uid_processes)
        except BaseException as exc:  # noqa: BLE001
            try:
                os.write(2, f"sandbox warden failed: {exc}\n".encode())
            finally:
                os._exit(71)
    theirs.close()
    return pid, ours


def serve(sock: socket.socket, mode: str) -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # wardens are reaped by the kernel
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    # In a user namespace the learner's uid is ours: count our processes here, where /proc shows them.
    uid_processes = isolation.processes_of(os.getuid()) if mode == "userns" else 0
    spare = _spawn_spare(mode, sock, uid_processes)
    while True:
        try:
            msg, fds = _recv_with_fds(sock, 4)
        except (ConnectionResetError, OSError):
            return
        if not msg:
            return
        pid, ctl = spare
        try:
            _send_with_fds(ctl, msg, fds)
        except OSError:  # the spare died (killed from outside?): make a fresh one for this job
            ctl.close()
            pid, ctl = _spawn_spare(mode, sock, uid_processes)
            _send_with_fds(ctl, msg, fds)
        ctl.close()
        for fd in fds:
            os.close(fd)
        sock.sendall(json.dumps({"pid": pid, "t": time.time()}).encode() + b"\n")
        if mode == "userns":
            uid_processes = isolation.processes_of(os.getuid())
        spare = _spawn_spare(mode, sock, uid_processes)  # ready before the next job arrives


def main() -> None:
    fd = int(sys.argv[1])
    requested = sys.argv[3] if len(sys.argv) > 3 else "auto"
    mode, notes = modes.choose("limits" if requested == "plain" else requested)
    sock = socket.socket(fileno=fd)
    try:
        sock.sendall(json.dumps({"ready": True, "mode": mode, "notes": notes}).encode() + b"\n")
        serve(sock, mode)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the grader closed the sandbox before using it


if __name__ == "__main__":
    main()
