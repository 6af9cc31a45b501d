"""The confinement pieces on their own: seccomp, Landlock, the mode ladder, the macOS profile, and the
trusted side's fingerprints. Each runs in a throwaway child: these steps cannot be undone."""
from __future__ import annotations

import ctypes
import dataclasses
import os
import shutil
import socket
import sys
from pathlib import Path

import pytest

from grader.sandbox import landlock, macos, modes, seccomp

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="seccomp and Landlock are Linux features")


def in_child(body) -> dict[str, object]:
    """Run `body()` in a forked child with no_new_privs; return the dict it fills."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        out: dict[str, object] = {}
        try:
            ctypes.CDLL(None).prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS
            body(out)
        except BaseException as exc:  # noqa: BLE001
            out["crashed"] = repr(exc)
        os.write(w, repr(out).encode())
        os._exit(0)
    os.close(w)
    data = b""
    while chunk := os.read(r, 65536):
        data += chunk
    os.waitpid(pid, 0)
    return eval(data.decode())  # noqa: S307 - our own child's repr of plain values


def _errno_of(call) -> int:
    libc = ctypes.CDLL(None, use_errno=True)
    ret = call(libc)
    return 0 if ret >= 0 else ctypes.get_errno()


@linux_only
@pytest.mark.skipif(not seccomp.supported(), reason="seccomp filter written for x86_64 and aarch64 only")
def test_seccomp_refuses_what_reaches_past_the_sandbox_and_allows_ordinary_work():
    def body(out):
        seccomp.install()
        try:
            socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            out["inet"] = "allowed"
        except OSError as exc:
            out["inet"] = exc.errno
        a, b = socket.socketpair()
        out["unix"] = "ok"
        out["keyctl"] = _errno_of(lambda c: c.syscall(250, 0, 0, 0, 0, 0))
        out["shmget"] = _errno_of(lambda c: c.shmget(0, 4096, 0o1666))
        out["unshare_user"] = _errno_of(lambda c: c.unshare(0x10000000))
        out["setsid"] = _errno_of(lambda c: c.setsid())
        out["ptrace"] = _errno_of(lambda c: c.ptrace(16, os.getppid(), None, None))
        pid = os.fork()
        if pid == 0:
            os._exit(7)
        out["fork"] = os.WEXITSTATUS(os.waitpid(pid, 0)[1])
        import threading

        t = threading.Thread(target=lambda: out.__setitem__("thread", "ok"))
        t.start()
        t.join()

    out = in_child(body)
    assert "crashed" not in out, out
    assert out["inet"] == 97  # EAFNOSUPPORT
    assert out["unix"] == "ok" and out["fork"] == 7 and out["thread"] == "ok"
    for name in ("keyctl", "shmget", "unshare_user", "setsid", "ptrace"):
        assert out[name] == 1, f"{name} was not refused: {out}"  # EPERM


@linux_only
@pytest.mark.skipif(landlock.abi_version() < 1, reason="Landlock needs Linux 5.13+ with it enabled")
def test_landlock_reads_only_python_and_writes_only_its_folder(tmp_path, catalog):
    folder = tmp_path / "work"
    folder.mkdir()
    secret = catalog.get("stable-softmax").reference_path

    def body(out):
        from grader.sandbox import isolation

        landlock.restrict(isolation.visible_paths(), [folder])
        import json  # noqa: F401 - the standard library stays importable

        (folder / "mine.txt").write_text("ok")
        out["own"] = (folder / "mine.txt").read_text()
        for name, action in (("read_reference", lambda: secret.read_bytes()),
                             ("write_outside", lambda: (tmp_path / "outside.txt").write_text("x"))):
            try:
                action()
                out[name] = "allowed"
            except OSError as exc:
                out[name] = exc.errno
        if landlock.abi_version() >= 4:
            s = socket.socket()
            try:
                s.connect(("127.0.0.1", 9))
                out["tcp"] = "allowed"
            except OSError as exc:
                out["tcp"] = exc.errno

    out = in_child(body)
    assert "crashed" not in out, out
    assert out["own"] == "ok"
    assert out["read_reference"] == 13 and out["write_outside"] == 13  # EACCES
    assert out.get("tcp", 13) == 13
    assert not (tmp_path / "outside.txt").exists()


@linux_only
def test_the_ladder_never_climbs_above_what_was_asked():
    assert modes.choose("limits") == ("limits", [])
    mode, notes = modes.choose("landlock")
    assert mode in ("landlock", "limits") and (mode == "landlock" or notes)


def test_macos_profile_denies_network_writes_and_solutions(tmp_path):
    text = macos.profile(str(tmp_path / "work"), str(tmp_path / "project"))
    assert "(deny network*)" in text and "(deny file-write*)" in text
    assert f'(deny file-read* (subpath "{os.path.realpath(tmp_path / "project" / "solutions")}"))' in text
    if macos.available():
        assert macos.wrap(["python"], "w", "p")[:2] == [macos.SANDBOX_EXEC, "-p"]
    else:  # elsewhere the spawned child runs unwrapped, and the report says limits only
        assert macos.wrap(["python"], "w", "p") == ["python"]


def test_a_reference_rewritten_after_loading_is_refused(tmp_path, catalog):
    """The trusted side scores only against the bytes it hashed before learner code ran."""
    from grader import trusted

    ex = catalog.get("stable-softmax")
    copy = tmp_path / "project"
    for name in ("exercises", "solutions"):
        shutil.copytree(catalog.root / name / ex.track, copy / name / ex.track)
    moved = dataclasses.replace(ex, root=copy)
    trusted.fingerprint(moved)
    trusted.verify_unchanged(moved)  # untouched: fine
    moved.reference_path.write_text("def softmax(x, axis=-1):\n    return x * 0\n")
    with pytest.raises(trusted.TamperedError, match="changed while grading"):
        trusted.verify_unchanged(moved)
