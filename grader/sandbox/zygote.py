"""The zygote: a process that imported numpy and torch once, and forks one warden per job.

It never imports solutions/ or hidden tests, and it has computed nothing, so forking it is
cheap and safe (a fork after a multi-threaded torch op would deadlock). Protocol on its
control socket: the grader sends a JSON job header with four fds attached (the job message,
the result pipe, the learner's stdout and stderr); the zygote answers with the warden's pid.

Per job:  zygote -> warden (new mount, network and PID namespaces; builds the jail)
                 -> init (PID 1 of the new namespace; chroot, nobody, limits; runs the learner)
When the warden dies, init gets SIGKILL, and with it every process of the namespace.
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

from grader import wire
from grader.sandbox import child
from grader.sandbox import isolation  # noqa: E402

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


def _init(channel: socket.socket, isolate: bool, workdir: str, alive_r: int) -> None:
    """PID 1 of the sandbox (or a plain child without namespaces): waits for a job, becomes the learner.

    Everything up to the wait (jail, chroot, nobody) happens before the job exists, while the
    grader is still busy with the previous one.
    """
    os.setsid()  # out of the grader's process group, so a group kill cannot reach it
    if isolate:
        isolation.enter_jail()
        # Changing credentials clears the parent-death signal: set it again as nobody, so that
        # killing the warden still kills this process and with it the whole PID namespace.
        isolation.prctl(isolation.PR_SET_PDEATHSIG, signal.SIGKILL)
        os.set_blocking(alive_r, False)
        try:
            if os.read(alive_r, 1) == b"":  # EOF: the warden died before that, so follow it
                os._exit(72)
        except BlockingIOError:
            pass  # the warden is alive
    else:
        os.chdir(workdir)
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
    if not isolate:
        os.environ["HOME"] = workdir
    isolation.apply_limits(limits)
    isolation.prctl(isolation.PR_SET_NO_NEW_PRIVS, 1)
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


def _warden(ctl: socket.socket, isolate: bool) -> None:
    """A spare, forked before its job: builds namespaces and jail, forks init, then waits.

    When the job comes it hands it to init, and reports how init ended.
    """
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    marks = {"start": time.monotonic()}
    notes: list[str] = []
    isolate = isolate and isolation.namespaces_possible()
    if isolate:
        try:
            isolation.unshare(isolation.CLONE_NEWNS | isolation.CLONE_NEWNET | isolation.CLONE_NEWPID)
            isolation.build_jail({}, tmpfs_mb=64)
        except OSError as exc:
            isolate = False
            notes.append(f"namespaces unavailable ({exc})")
    workdir = ""
    if not isolate:
        import tempfile

        workdir = tempfile.mkdtemp(prefix="dojo-work-")
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
            _init(init_end, isolate, workdir, alive_r)
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
    _send_with_fds(to_init, msg, fds)
    job_fd, result_fd, out_fd, err_fd = fds
    for fd in (job_fd, out_fd, err_fd):
        os.close(fd)
    to_init.close()
    _, status = os.waitpid(pid, 0)
    marks["ended"] = time.monotonic()
    if not isolate:
        try:
            os.killpg(pid, signal.SIGKILL)  # grandchildren left in init's group
        except OSError:
            pass
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)
    sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
    timings = {k: round(v - marks["job"], 4) for k, v in marks.items() if k != "start"}
    try:
        _send_status(result_fd, exit=code, signal=sig, isolation="namespaces" if isolate else "limits",
                     notes=notes, timings=timings)
    except OSError:
        pass  # the grader already had every answer and stopped listening
    os._exit(0)


def _spawn_spare(isolate: bool, sock: socket.socket) -> tuple[int, socket.socket]:
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    pid = os.fork()
    if pid == 0:
        try:
            sock.close()
            ours.close()
            _warden(theirs, isolate)
        except BaseException as exc:  # noqa: BLE001
            try:
                os.write(2, f"sandbox warden failed: {exc}\n".encode())
            finally:
                os._exit(71)
    theirs.close()
    return pid, ours


def serve(sock: socket.socket, isolate: bool) -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # wardens are reaped by the kernel
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    spare = _spawn_spare(isolate, sock)
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
            pid, ctl = _spawn_spare(isolate, sock)
            _send_with_fds(ctl, msg, fds)
        ctl.close()
        for fd in fds:
            os.close(fd)
        sock.sendall(json.dumps({"pid": pid, "t": time.time()}).encode() + b"\n")
        spare = _spawn_spare(isolate, sock)  # ready before the next job arrives


def main() -> None:
    fd = int(sys.argv[1])
    isolate = len(sys.argv) < 4 or sys.argv[3] == "isolate"
    sock = socket.socket(fileno=fd)
    try:
        sock.sendall(b"ready\n")
        serve(sock, isolate)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the grader closed the sandbox before using it


if __name__ == "__main__":
    main()
