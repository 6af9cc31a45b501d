"""Golden scenarios: a learner must not be able to raise their score.

Each folder under tests/sandbox/golden/ holds a submission for stable-softmax and expected.toml with
the verdict. Every scenario must also leave the grader working (a correct submission graded
right after it passes) and the disk untouched. expected.toml keys: points, or min_points/max_points;
status; message (strings the feedback must contain); sandboxed_only; exercise (grade the submission
as this exercise instead of stable-softmax); absent (strings that must appear nowhere in the
feedback, the error or the printed output kept, e.g. a raw ESC). The last two are checked by
test_scenario_keys_beyond_the_verdict.
"""
from __future__ import annotations

import dataclasses
import os
import socket
import threading
import time
import tomllib
from pathlib import Path

import pytest

from grader.grading import grade
from grader.submission import Source

GOLDEN = Path(__file__).parent / "golden"
SCENARIOS = sorted(p.name for p in GOLDEN.iterdir() if (p / "submission.py").is_file())
PWNED = ["/tmp/dojo-pwned-write", "/tmp/dojo-pwned-daemon", "/tmp/dojo-pwned-pickle", "/tmp/dojo-pwned-torch-function",
         "/tmp/big.bin", "/root/dojo-pwned"]


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """The files a submission would most like to change: (size, mtime) of each."""
    out = {}
    for p in root.iterdir():
        if p.is_file():
            out[str(p)] = (p.stat().st_size, p.stat().st_mtime_ns)
    folders = [root / ".dojo", root / "exercises" / "foundations" / "stable-softmax",
               root / "solutions" / "foundations" / "stable-softmax", root / "grader"]
    for dirpath, dirnames, filenames in (w for f in folders for w in os.walk(f)):
        dirnames[:] = [d for d in dirnames if d not in (".venv", ".git", "__pycache__", "test-artifacts", "_site", ".pytest_cache")]
        for name in filenames:
            p = Path(dirpath) / name
            try:
                st = p.stat()
            except FileNotFoundError:
                continue
            out[str(p)] = (st.st_size, st.st_mtime_ns)
    return out


class _Listener:
    """A TCP server on loopback that records whether anyone connected."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except OSError:
                continue

    def close(self) -> None:
        self._stop = True
        self.thread.join()
        self.sock.close()


@pytest.fixture(scope="module")
def listener():
    srv = _Listener()
    yield srv
    srv.close()


@pytest.fixture(scope="module")
def softmax_ex(catalog):
    # A short time limit keeps the hanging scenarios quick; the verdicts do not depend on it.
    return dataclasses.replace(catalog.get("stable-softmax"), time_limit_s=2.0)


def _leftovers(zygotes: list[int]) -> list[int]:
    """Processes below each zygote beyond its spare warden and that warden's init."""
    extra = []
    for z in zygotes:
        found = sorted(_descendants([z]))
        if len(found) > 2:
            extra += found
    return extra


def _descendants(roots: list[int]) -> set[int]:
    """Live processes below `root_pid` (the zygote): wardens, sandboxes and whatever they forked."""
    parent = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()
            if fields[0] != "Z":
                parent[int(entry.name)] = int(fields[1])
    found, frontier = set(), set(roots)
    while frontier:
        frontier = {pid for pid, ppid in parent.items() if ppid in frontier} - found
        found |= frontier
    return found


@pytest.mark.slow
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_scenario(scenario, sandbox, softmax_ex, listener, catalog):
    """Does the scenario get exactly the verdict its expected.toml names, and nothing else?"""
    folder = GOLDEN / scenario
    expected = tomllib.loads((folder / "expected.toml").read_text())
    code = (folder / "submission.py").read_text()
    code = code.replace("{ROOT}", str(catalog.root)).replace("{PORT}", str(listener.port))
    for path in PWNED:
        if os.path.exists(path):
            os.remove(path)
    before = _snapshot(catalog.root)

    result = grade(sandbox, Source(softmax_ex, code.encode(), scenario))

    failure = result.first_failure
    text = " ".join(filter(None, [result.error, failure.message if failure else None]))
    if "points" in expected:
        assert result.points == expected["points"], text
    if "min_points" in expected:
        assert expected["min_points"] <= result.points <= expected["max_points"], text
    assert result.status == expected["status"], text
    for needle in expected.get("message", []):
        assert needle in text, f"{needle!r} not in feedback: {text}"
    if expected.get("sandboxed_only"):
        assert result.isolation == "namespaces"

    # The grader still works, and the learner left nothing behind.
    honest = grade(sandbox, Source(softmax_ex, (GOLDEN / "partial_honest" / "submission.py").read_bytes(), "honest"))
    assert honest.points > 0 and not honest.error
    time.sleep(0.1)
    assert _snapshot(catalog.root) == before, "the submission changed files in the project"
    assert not [p for p in PWNED if os.path.exists(p)], "the submission wrote outside its sandbox"
    assert listener.connections == 0, "the submission reached a server on loopback"
    # Each zygote keeps one spare ready (a warden and its waiting init): anything beyond that
    # outlived its run. The kernel tears a PID namespace down asynchronously, hence the wait.
    deadline = time.monotonic() + 10
    while (leftover := _leftovers(sandbox.zygote_pids())) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not leftover, f"processes of the sandbox outlived the run: {leftover}"


@pytest.mark.slow
def test_one_exercise_crashing_costs_only_that_exercise(catalog, tmp_path, capsys):
    """Does a submission that kills its process in one exercise still get the others graded?"""
    from grader.cli import main

    folder = tmp_path / "submission"
    bad = folder / "foundations" / "stable-softmax" / "stable_softmax.py"
    good = folder / "foundations" / "layernorm" / "layernorm.py"
    for path, source in ((bad, GOLDEN / "os_exit" / "submission.py"),
                         (good, catalog.get("layernorm").reference_path)):
        path.parent.mkdir(parents=True)
        path.write_bytes(source.read_bytes())
    results = tmp_path / "results.json"
    assert main(["grade", "stable-softmax", "layernorm", "--submission", str(folder), "--results-json", str(results)]) == 1
    import json

    data = json.loads(results.read_text())
    by_exercise: dict[str, float] = {}
    for test in data["tests"]:
        slug = test["name"].split(":")[0]
        by_exercise[slug] = by_exercise.get(slug, 0.0) + test["score"]
    assert by_exercise["stable-softmax"] == 0
    assert abs(by_exercise["layernorm"] - catalog.get("layernorm").points) < 1e-9


EXTRA_KEYS = ("exercise", "absent")
WITH_EXTRA_KEYS = sorted(p.name for p in GOLDEN.iterdir() if (p / "expected.toml").is_file()
                         and set(EXTRA_KEYS) & set(tomllib.loads((p / "expected.toml").read_text())))


@pytest.mark.slow
@pytest.mark.parametrize("scenario", WITH_EXTRA_KEYS)
def test_scenario_keys_beyond_the_verdict(scenario, sandbox, catalog):
    """The verdict, graded as the exercise the scenario names, with none of its `absent` strings anywhere."""
    from grader.grading import grade
    from grader.submission import Source

    expected = tomllib.loads((GOLDEN / scenario / "expected.toml").read_text())
    ex = dataclasses.replace(catalog.get(expected.get("exercise", "stable-softmax")), time_limit_s=2.0)
    result = grade(sandbox, Source(ex, (GOLDEN / scenario / "submission.py").read_bytes(), scenario))
    text = " ".join(filter(None, [result.error, *(c.message for c in result.cases)]))
    assert result.points == expected["points"] and result.status == expected["status"], text
    for needle in expected.get("message", []):
        assert needle in text, f"{needle!r} not in feedback: {text}"
    for needle in expected.get("absent", []):
        assert needle not in text + result.stdout + result.stderr, f"{needle!r} reached the result"
