"""A seccomp filter for the learner's child: the system calls that could reach past its sandbox fail.

Denied (EPERM): ptrace and process_vm_* (reading another process), unshare/setns and clone with
namespace flags (a user namespace would hand back capabilities), System V IPC and the kernel
keyring (answers shared between students through the kernel), bpf, perf_event_open,
userfaultfd, io_uring, mount, chroot, pivot_root, setsid and setpgid (every process of the job stays
in one process group, which one kill reaches whole), and sockets of any family but AF_UNIX. clone3
answers ENOSYS so that the C library falls back to clone, whose flags the filter can read.
Installed after PR_SET_NO_NEW_PRIVS, so it needs no privilege; x86_64 and aarch64 only.
"""
from __future__ import annotations

import ctypes
import errno
import platform
import struct

AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
# name -> number, per architecture (asm/unistd.h)
SYSCALLS = {
    "x86_64": {
        "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "unshare": 272, "setns": 308,
        "shmget": 29, "shmat": 30, "shmctl": 31, "semget": 64, "semop": 65, "semctl": 66, "msgget": 68,
        "msgsnd": 69, "msgrcv": 70, "msgctl": 71, "add_key": 248, "request_key": 249, "keyctl": 250,
        "bpf": 321, "perf_event_open": 298, "userfaultfd": 323, "io_uring_setup": 425, "kcmp": 312,
        "mount": 165, "umount2": 166, "pivot_root": 155, "chroot": 161, "open_tree": 428, "move_mount": 429,
        "fsopen": 430, "fsmount": 432, "setsid": 112, "setpgid": 109, "clone": 56, "clone3": 435, "socket": 41,
    },
    "aarch64": {
        "ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271, "unshare": 97, "setns": 268,
        "shmget": 194, "shmat": 196, "shmctl": 195, "semget": 190, "semop": 193, "semctl": 191, "msgget": 186,
        "msgsnd": 189, "msgrcv": 188, "msgctl": 187, "add_key": 217, "request_key": 218, "keyctl": 219,
        "bpf": 280, "perf_event_open": 241, "userfaultfd": 282, "io_uring_setup": 425, "kcmp": 272,
        "mount": 40, "umount2": 39, "pivot_root": 41, "chroot": 51, "open_tree": 428, "move_mount": 429,
        "fsopen": 430, "fsmount": 432, "setsid": 157, "setpgid": 154, "clone": 220, "clone3": 435, "socket": 198,
    },
}
CLONE_NAMESPACES = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000
AF_UNIX = 1
X32_BIT = 0x40000000

# classic BPF
LD_W_ABS, JEQ_K, JGE_K, JSET_K, RET_K = 0x20, 0x15, 0x35, 0x45, 0x06
RET_ALLOW = 0x7FFF0000
RET_ERRNO = 0x00050000
OFF_NR, OFF_ARCH, OFF_ARG0 = 0, 4, 16
PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 22, 2


def supported() -> bool:
    return platform.machine() in AUDIT_ARCH


def program(machine: str | None = None) -> list[tuple[int, int, int, int]]:
    """The filter as (code, jt, jf, k) instructions."""
    machine = machine or platform.machine()
    nr = SYSCALLS[machine]
    deny = sorted(n for name, n in nr.items() if name not in ("clone", "clone3", "socket"))
    eperm, enosys, eafnosupport = RET_ERRNO | errno.EPERM, RET_ERRNO | errno.ENOSYS, RET_ERRNO | errno.EAFNOSUPPORT
    # Labels are resolved below: a jump target is ("label", name).
    code: list[tuple] = [
        (LD_W_ABS, 0, 0, OFF_ARCH),
        (JEQ_K, 1, 0, AUDIT_ARCH[machine]),
        (RET_K, 0, 0, eperm),  # another ABI (i386 through int 0x80): refused outright
        (LD_W_ABS, 0, 0, OFF_NR),
        (JGE_K, ("deny",), 0, X32_BIT) if machine == "x86_64" else (JEQ_K, 0, 0, 0xFFFFFFFF),
    ]
    for n in deny:
        code.append((JEQ_K, ("deny",), 0, n))
    code += [
        (JEQ_K, ("clone",), 0, nr["clone"]),
        (JEQ_K, ("socket",), 0, nr["socket"]),
        (JEQ_K, ("enosys",), 0, nr["clone3"]),
        (RET_K, 0, 0, RET_ALLOW),
        ("clone:", (LD_W_ABS, 0, 0, OFF_ARG0)),
        (JSET_K, ("deny",), 0, CLONE_NAMESPACES),
        (RET_K, 0, 0, RET_ALLOW),
        ("socket:", (LD_W_ABS, 0, 0, OFF_ARG0)),
        (JEQ_K, ("allow",), 0, AF_UNIX),
        (RET_K, 0, 0, eafnosupport),
        ("enosys:", (RET_K, 0, 0, enosys)),
        ("deny:", (RET_K, 0, 0, eperm)),
        ("allow:", (RET_K, 0, 0, RET_ALLOW)),
    ]
    labels: dict[str, int] = {}
    flat: list[tuple] = []
    for item in code:
        if isinstance(item[0], str):
            labels[item[0].rstrip(":")] = len(flat)
            item = item[1]
        flat.append(item)
    out = []
    for i, (op, jt, jf, k) in enumerate(flat):
        def target(j: object) -> int:
            if isinstance(j, tuple):
                off = labels[j[0]] - i - 1
                assert 0 <= off < 256
                return off
            return int(j)  # type: ignore[call-overload]
        out.append((op, target(jt), target(jf), k))
    return out


def install() -> None:
    """Install the filter on this thread (and what it forks). Requires PR_SET_NO_NEW_PRIVS first."""
    prog = program()
    raw = b"".join(struct.pack("HBBI", op, jt, jf, k) for op, jt, jf, k in prog)
    buf = ctypes.create_string_buffer(raw, len(raw))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(len(prog), ctypes.cast(buf, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"seccomp: {errno.errorcode.get(err, err)}")
