"""A weak isolation is refused for a class unless allowed, and every output names the isolation in force."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from grader.classroom.gradebook import Gradebook
from grader.cli import main
from grader.sandbox.isolation import how_to_strengthen

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def two_students(tmp_path, dojo_catalog):
    ex = dojo_catalog.get("stable-softmax")
    root = tmp_path / "submissions"
    for name, code in (("ann", ex.reference_path), ("ben", ex.starter_path)):
        (root / name).mkdir(parents=True)
        (root / name / f"{ex.module}.py").write_bytes(code.read_bytes())
    return ex, root


def _rows(path: Path):
    if not path.exists():
        return []
    with Gradebook(path, readonly=True) as gb:
        return gb.rows()


def test_batch_refuses_the_weakest_isolation_and_says_how_to_get_a_stronger_one(two_students, tmp_path, monkeypatch,
                                                                                  capsys):
    """With DOJO_SANDBOX=limits, does grade-batch exit non-zero with the advice and grade nothing?"""
    ex, root = two_students
    monkeypatch.setenv("DOJO_SANDBOX", "limits")
    gradebook = tmp_path / "gb.sqlite"
    code = main(["grade-batch", str(root), "--gradebook", str(gradebook), "--exercises", ex.slug])
    err = " ".join(capsys.readouterr().err.split())
    assert code != 0
    assert "'limits'" in err and "--allow-weak-isolation" in err
    assert " ".join(how_to_strengthen().split()) in err
    assert _rows(gradebook) == []


def test_no_isolation_needs_the_flag_too(two_students, tmp_path, capsys):
    """Does --no-isolation (limits only) need --allow-weak-isolation even where namespaces exist?"""
    ex, root = two_students
    gradebook = tmp_path / "gb.sqlite"
    assert main(["grade-batch", str(root), "--gradebook", str(gradebook), "--no-isolation"]) != 0
    assert "--allow-weak-isolation" in capsys.readouterr().err and _rows(gradebook) == []


def test_allowed_weak_isolation_is_named_in_every_output(two_students, tmp_path, monkeypatch, capsys):
    """With --allow-weak-isolation, are the students graded, and do the terminal, the gradebook rows,
    the report and Gradescope's results.json all say "limits"?"""
    ex, root = two_students
    monkeypatch.setenv("DOJO_SANDBOX", "limits")
    gradebook = tmp_path / "gb.sqlite"
    assert main(["grade-batch", str(root), "--gradebook", str(gradebook), "--allow-weak-isolation"]) == 0
    out = capsys.readouterr().out
    assert "isolation: limits" in out and "--allow-weak-isolation" in out
    rows = {r.student: r for r in _rows(gradebook)}
    assert rows["ann"].status == "passed" and rows["ben"].points == 0
    assert {r.isolation for r in rows.values()} == {"limits"}
    report = tmp_path / "report"
    assert main(["report", str(report), "--gradebook", str(gradebook)]) == 0
    index = (report / "index.html").read_text()
    assert "<code>limits</code> (2 grade(s)" in index and "could read the references" in index
    assert all("isolation: limits" in p.read_text() for p in (report / "students").glob("*.html"))


def _autograder(tmp_path: Path, submission: dict[str, bytes], allow_in_bundle: bool = False) -> Path:
    bundle = tmp_path / "autograder.zip"
    args = ["gradescope", "build", str(bundle), "--exercises", "stable-softmax"]
    assert main(args + (["--allow-weak-isolation"] if allow_in_bundle else [])) == 0
    root = tmp_path / "autograder"
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(root / "source")
    (root / "results").mkdir()
    for name, data in submission.items():
        path = root / "submission" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def _gradescope_run(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`dojo gradescope run` as run_autograder calls it: from the bundle's source, in its own process."""
    full = {**os.environ, "PYTHONPATH": str(root / "source"), "DOJO_ROOT": str(root / "source"), **(env or {})}
    return subprocess.run([sys.executable, "-m", "grader", "gradescope", "run", "--root", str(root), *args],
                          cwd=root / "source", env=full, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_gradescope_refuses_weak_isolation_unless_allowed(dojo_catalog, tmp_path):
    """Does `dojo gradescope run` under limits write a zero score with the advice, and grade (saying
    "limits") once allowed by the flag, the environment or the bundle?"""
    ex = dojo_catalog.get("stable-softmax")
    submission = {f"{ex.module}.py": ex.reference_path.read_bytes()}
    weak = {"DOJO_SANDBOX": "limits"}
    root = _autograder(tmp_path / "plain", submission)
    results = root / "results" / "results.json"
    proc = _gradescope_run(root, env=weak)
    refused = json.loads(results.read_text())
    assert proc.returncode == 0 and refused["score"] == 0 and refused["tests"] == []
    assert "refused" in refused["output"] and " ".join(how_to_strengthen().split()) in " ".join(refused["output"].split())
    allowed = [_gradescope_run(root, "--allow-weak-isolation", env=weak),
               _gradescope_run(root, env={**weak, "DOJO_ALLOW_WEAK_ISOLATION": "1"})]
    bundled = _autograder(tmp_path / "bundled", submission, allow_in_bundle=True)
    allowed.append(_gradescope_run(bundled, env=weak))
    for proc, where in zip(allowed, (root, root, bundled)):
        data = json.loads((where / "results" / "results.json").read_text())
        assert data["score"] == ex.points, proc.stdout + proc.stderr
        assert "isolation: limits" in data["output"] and "isolation: limits" in proc.stdout


def test_gradescope_refuses_a_link_to_the_autograder_source(dojo_catalog, tmp_path):
    """Does a submission linking to the reference inside /autograder/source score 0, naming the link?"""
    from grader.classroom.gradescope import run_autograder

    ex = dojo_catalog.get("stable-softmax")
    root = _autograder(tmp_path, {})
    reference = root / "source" / "solutions" / ex.track / ex.slug / f"{ex.module}.py"
    (root / "submission").mkdir(exist_ok=True)
    os.symlink(reference, root / "submission" / f"{ex.module}.py")
    data = run_autograder(root)
    assert data["score"] == 0
    assert any("your submission/stable_softmax.py is a symbolic link" in t["output"] for t in data["tests"])


DAEMON = '''
import os, time
_pid = os.fork()
if _pid == 0:
    try:
        os.setsid()  # leave the process group (a sandbox may forbid it: the daemon goes on regardless)
    except OSError:
        pass
    if os.fork() == 0:  # the daemon: outlive the grade, then rewrite the results
        fd = os.open(os.devnull, os.O_RDWR)
        for n in (0, 1, 2):
            os.dup2(fd, n)
        with open({pidfile!r}, "w") as f:
            f.write(str(os.getpid()))
        time.sleep(1.5)
        while True:
            try:
                with open({results!r}, "w") as f:
                    f.write('{{"score": 999, "tests": []}}')
            except OSError:
                pass
            time.sleep(0.1)
    os._exit(0)
os.waitpid(_pid, 0)
for _ in range(500):  # go on only once the daemon runs, so the grade cannot end before it starts
    if os.path.exists({pidfile!r}):
        break
    time.sleep(0.01)
'''


@pytest.mark.slow
def test_a_daemon_cannot_rewrite_results_after_gradescope_run_returned(dojo_catalog, tmp_path):
    """Under the weakest isolation (where the daemon can reach results.json), is every process of the
    submission gone when `dojo gradescope run` returns, and results.json unchanged a while later?"""
    ex = dojo_catalog.get("stable-softmax")
    pidfile = tmp_path / "daemon.pid"
    results = tmp_path / "autograder" / "results" / "results.json"  # where _autograder lays it out
    code = DAEMON.format(pidfile=str(pidfile), results=str(results)).encode() + ex.reference_path.read_bytes()
    root = _autograder(tmp_path, {f"{ex.module}.py": code})
    assert root / "results" / "results.json" == results
    proc = _gradescope_run(root, "--no-isolation", "--allow-weak-isolation")
    assert proc.returncode == 0, proc.stderr
    written = results.read_bytes()
    assert pidfile.exists(), "the daemon never started: the test proves nothing"
    time.sleep(3)
    assert results.read_bytes() == written
    data = json.loads(written)
    assert data["score"] == ex.points and "isolation: limits" in data["output"]
    pid = int(pidfile.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


LEFTOVERS = '''
import os, sys, time
from grader.classroom import leftovers
assert leftovers.become_subreaper()
before = leftovers.descendants()
r, w = os.pipe()
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:  # a daemon, and a fork storm of sleepers under it
        for _ in range(20):
            if os.fork() == 0:
                break
        os.write(w, f"{os.getpid()}\\n".encode())
        time.sleep(60)
    os._exit(0)
time.sleep(0.5)
os.close(w)
pids = [int(x) for x in os.read(r, 4096).split()]
assert all(p in leftovers.descendants() for p in pids), "the orphans did not come back to the subreaper"
print(len(leftovers.kill_leftovers(before)), *pids)
'''


@pytest.mark.skipif(sys.platform != "linux", reason="child subreapers are Linux's")
def test_leftover_processes_come_back_and_are_killed(tmp_path):
    """Do a double-forked daemon and its children come back to the subreaper and all die?"""
    proc = subprocess.run([sys.executable, "-c", LEFTOVERS], env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    survivors, *pids = map(int, proc.stdout.split())
    assert survivors == 0 and len(pids) >= 10
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
