"""Run every golden scenario in one grader process and write what happened as JSON.

Used by test_modes.py to run the scenarios in another isolation mode: as an ordinary user, as root
without CAP_SYS_ADMIN, with a mode forced by DOJO_SANDBOX. Run from a copy of the project:

    python golden_driver.py PROJECT OUT.json [SCENARIO ...]

For each scenario: the verdict, the feedback text, the isolation in force, which project files
changed, which marker files appeared outside the sandbox, loopback connections, and processes of
the sandbox that outlived the run.
"""
from __future__ import annotations

import dataclasses
import json
import os
import socket
import sys
import threading
import time
import tomllib
from pathlib import Path

PROJECT = Path(sys.argv[1]).resolve()
sys.path.insert(0, str(PROJECT))

from grader.catalog import load_catalog  # noqa: E402
from grader.grading import grade  # noqa: E402
from grader.sandbox.parent import Sandbox  # noqa: E402
from grader.submission import Source  # noqa: E402

GOLDEN = Path(__file__).resolve().parent / "golden"
PWNED = ["/tmp/dojo-pwned-write", "/tmp/dojo-pwned-daemon", "/tmp/dojo-pwned-pickle", "/tmp/dojo-pwned-torch-function",
         "/tmp/big.bin", "/root/dojo-pwned"]


def snapshot(root: Path) -> dict[str, list[int]]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in (".venv", ".git", "__pycache__")]
        for name in filenames:
            p = Path(dirpath) / name
            try:
                st = p.stat()
            except OSError:
                continue
            out[str(p.relative_to(root))] = [st.st_size, st.st_mtime_ns]
    return out


class Listener:
    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = False
        threading.Thread(target=self.run, daemon=True).start()

    def run(self) -> None:
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except OSError:
                continue


def ipc_objects() -> set[str]:
    """System V IPC objects this namespace can see (key and id of each)."""
    out = set()
    for kind in ("shm", "msg", "sem"):
        try:
            lines = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()[1:]
        except OSError:
            continue
        out |= {f"{kind}:{' '.join(line.split()[:2])}" for line in lines}
    return out


def descendants(roots: list[int]) -> set[int]:
    parent = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if fields[0] != "Z":
                parent[int(entry.name)] = int(fields[1])
    found, frontier = set(), set(roots)
    while frontier:
        frontier = {pid for pid, ppid in parent.items() if ppid in frontier} - found
        found |= frontier
    return found


def leftovers(sandbox: Sandbox) -> list[int]:
    extra: list[int] = []
    for z in sandbox.zygote_pids():
        found = descendants([z])
        if len(found) > 2:  # each zygote keeps one spare warden and its waiting init
            extra += sorted(found)
    own = descendants([os.getpid()]) - set(sandbox.zygote_pids()) - descendants(sandbox.zygote_pids())
    return extra + sorted(p for p in own if p != os.getpid())


def main() -> None:
    out_path = Path(sys.argv[2])
    wanted = sys.argv[3:] or sorted(p.name for p in GOLDEN.iterdir() if (p / "submission.py").is_file())
    catalog = load_catalog()
    # A short time limit keeps the hanging scenarios quick; the verdicts do not depend on it.
    softmax = dataclasses.replace(catalog.get("stable-softmax"), time_limit_s=2.0)
    honest_code = (GOLDEN / "partial_honest" / "submission.py").read_bytes()
    listener = Listener()
    report: dict[str, object] = {"uid": os.getuid(), "scenarios": {}}
    with Sandbox() as sandbox:
        report["mode"] = sandbox.mode
        report["mode_notes"] = sandbox.mode_notes
        report["protects_references"] = sandbox.protects_references()
        for name in wanted:
            expected = tomllib.loads((GOLDEN / name / "expected.toml").read_text())
            ex = dataclasses.replace(catalog.get(expected.get("exercise", "stable-softmax")), time_limit_s=2.0)
            code = (GOLDEN / name / "submission.py").read_text()
            code = code.replace("{ROOT}", str(PROJECT)).replace("{PORT}", str(listener.port))
            for path in PWNED:
                if os.path.exists(path):
                    try:
                        os.remove(path)
                    except OSError:
                        pass
            before = snapshot(PROJECT)
            connections = listener.connections
            ipc_before = ipc_objects()
            started = time.perf_counter()
            result = grade(sandbox, Source(ex, code.encode(), name))
            honest = grade(sandbox, Source(softmax, honest_code, "honest"))
            deadline = time.monotonic() + 10
            while (left := leftovers(sandbox)) and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(0.1)
            after = snapshot(PROJECT)
            report["scenarios"][name] = {  # type: ignore[index]
                "points": result.points, "status": result.status, "isolation": result.isolation,
                "text": " ".join(filter(None, [result.error, *(c.message for c in result.cases)])),
                "output": result.stdout + result.stderr,
                "honest_points": honest.points, "honest_error": honest.error,
                "changed": sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k)),
                "pwned": [p for p in PWNED if os.path.exists(p)],
                "connections": listener.connections - connections, "leftovers": left,
                "ipc_left": sorted(ipc_objects() - ipc_before),
                "seconds": round(time.perf_counter() - started, 2),
            }
    listener.stop = True
    out_path.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
