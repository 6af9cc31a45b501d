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
    except ImportError:  # pragma: no cover
        pass

if len(sys.argv) < 3 or sys.argv[2] == "torch":
    # The visible tests run in the torch zygote; pytest stays out of the numpy one, where it
    # would double the cost of every fork.
    try:
        import pytest  # noqa: E402,F401
    except ImportError:  # pragma: no cover
        pass

from grader import child, isolation, wire  # noqa: E402

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


def _init(job: dict, result_fd: int, out_fd: int, err_fd: int, isolate: bool, limits: isolation.Limits,
          alive_r: int) -> None:
    """PID 1 of the sandbox (or a plain child without namespaces): becomes the learner."""
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
        os.chdir(job["_workdir"])
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
        os.environ["HOME"] = job["_workdir"]
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


def _warden(header: dict, job_fd: int, result_fd: int, out_fd: int, err_fd: int) -> None:
    """Sets up the namespaces and the jail, forks init, reports how init ended."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    marks = {"start": time.monotonic()}
    limits = isolation.Limits(**header["limits"])
    job = wire.decode(_read_all(job_fd), allow_build=True)
    os.close(job_fd)
    files = {name: data.encode("latin-1") for name, data in job.pop("files").items()}
    isolate = bool(header["isolate"]) and isolation.namespaces_possible()
    notes: list[str] = []
    if isolate:
        try:
            isolation.unshare(isolation.CLONE_NEWNS | isolation.CLONE_NEWNET | isolation.CLONE_NEWPID)
            isolation.build_jail(files, tmpfs_mb=limits.fsize_mb * 4)
        except OSError as exc:
            isolate = False
            notes.append(f"namespaces unavailable ({exc})")
    marks["jail"] = time.monotonic()
    if not isolate:
        import tempfile

        workdir = tempfile.mkdtemp(prefix="dojo-work-")
        for name, data in files.items():
            with open(os.path.join(workdir, name), "wb") as f:
                f.write(data)
        job["_workdir"] = workdir
    # A pipe the warden keeps open while it lives: EOF on it tells init the warden is gone.
    alive_r, alive_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(alive_w)
            isolation.prctl(isolation.PR_SET_PDEATHSIG, signal.SIGKILL)
            _init(job, result_fd, out_fd, err_fd, isolate, limits, alive_r)
        except BaseException as exc:  # noqa: BLE001 - never return into the warden's code
            try:
                os.write(err_fd, f"sandbox setup failed: {exc}\n".encode())
            finally:
                os._exit(70)
    os.close(out_fd)
    os.close(err_fd)
    os.close(alive_r)
    marks["forked"] = time.monotonic()
    _, status = os.waitpid(pid, 0)
    marks["ended"] = time.monotonic()
    if not isolate:
        try:
            os.killpg(pid, signal.SIGKILL)  # grandchildren left in init's group
        except OSError:
            pass
        import shutil

        shutil.rmtree(job["_workdir"], ignore_errors=True)
    sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
    timings = {k: round(v - marks["start"], 4) for k, v in marks.items()}
    _send_status(result_fd, exit=code, signal=sig, isolation="namespaces" if isolate else "limits", notes=notes,
                 timings=timings)
    os._exit(0)


def serve(sock: socket.socket) -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # wardens are reaped by the kernel
    while True:
        fds = array.array("i")
        try:
            msg, ancdata, _, _ = sock.recvmsg(65536, socket.CMSG_LEN(4 * fds.itemsize))
        except (ConnectionResetError, OSError):
            return
        if not msg:
            return
        for level, kind, data in ancdata:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds.frombytes(data[: len(data) - (len(data) % fds.itemsize)])
        header = json.loads(msg.decode())
        job_fd, result_fd, out_fd, err_fd = fds
        pid = os.fork()
        if pid == 0:
            sock.close()
            try:
                _warden(header, job_fd, result_fd, out_fd, err_fd)
            except BaseException as exc:  # noqa: BLE001
                try:
                    os.write(err_fd, f"sandbox warden failed: {exc}\n".encode())
                finally:
                    os._exit(71)
        for fd in fds:
            os.close(fd)
        sock.sendall(json.dumps({"pid": pid, "t": time.time()}).encode() + b"\n")


def main() -> None:
    fd = int(sys.argv[1])
    sock = socket.socket(fileno=fd)
    sock.sendall(b"ready\n")
    serve(sock)


if __name__ == "__main__":
    main()
