"""Grading on a Dask cluster: the same grades as plain grade-batch, each recorded exactly once,
through a worker killed mid-run and a client killed and restarted; workers refuse what they must."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader.classroom import cluster_worker as cw
from grader.classroom.batch import Task, _grade_task, exercise_hash, grade_tasks, plan_batch, submission_hash, to_row
from grader.classroom.cluster import ClusterOptions, result_from_plain
from grader.classroom.gradebook import Gradebook
from grader.errors import UsageError
from grader.submission import Source

ROOT = Path(__file__).resolve().parents[2]
# Appended (line numbers in messages stay as they were): slow grades, so a batch is still running when killed.
SLOW_IMPORT = b"\nimport time as _t\n_t.sleep(0.4)\n"


class WeakSandbox:
    """A sandbox that says it cannot protect the references (as 'limits' mode does)."""

    def __init__(self, inner) -> None:
        self.inner = inner

    def run(self, *args, **kwargs):
        return self.inner.run(*args, **kwargs)

    def alive(self) -> bool:
        return self.inner.alive()

    mode = "limits"

    def protects_references(self) -> bool:
        return False

    def describe_isolation(self) -> str:
        return "process limits only (solutions, the project and the network stay reachable)"

    def close(self) -> None:
        pass


def _payload(state, ex, code: bytes, allow_weak: bool = False, **changes) -> dict:
    src = Source(ex, code, "ada/x.py")
    payload = {"plugin": "test", "student": "ada", "slug": ex.slug, "code": code, "origin": src.origin,
               "submission_hash": submission_hash(src), "exercise_hash": exercise_hash(ex),
               "copy_hash": cw.copy_hash(ex), "grader_hash": state.grader_hash, "allow_weak": allow_weak}
    payload.update(changes)
    return payload


def _key_facts(row) -> tuple:
    return (row.points, row.max_points, row.status, row.error,
            [(c.name, c.passed, c.message) for c in row.cases])


@pytest.fixture(scope="module")
def state(sandbox):
    return cw.WorkerState(address="test-worker", sandbox=sandbox)


# ---------------------------------------------------------------- the worker's task, without Dask


def test_a_worker_grades_as_plain_grade_batch_does(state, klass, sandbox):
    """Does a result that travelled as plain data make the same gradebook row as a local grade?"""
    for (student, slug), code in sorted(klass.code.items())[:4]:
        ex = next(e for e in klass.exercises if e.slug == slug)
        answer = cw.grade_payload(state, _payload(state, ex, code))
        assert answer["kind"] == "result" and answer["mode"] == state.mode
        task = Task(student, Source(ex, code, "ada/x.py"), "s", "e")
        remote = to_row(task, result_from_plain(answer["result"], slug))
        local = to_row(task, _grade_task(sandbox, task))
        assert _key_facts(remote) == _key_facts(local)
        assert remote.isolation == local.isolation == state.mode


def test_a_worker_with_a_different_copy_of_an_exercise_refuses(tmp_path, klass, sandbox):
    """Is a worker whose hidden cases differ from the client's refused, naming the exercise?"""
    ex = klass.exercises[0]
    course = tmp_path / "course"
    for part in ("exercises", "solutions"):
        shutil.copytree(ROOT / part, course / part, ignore=shutil.ignore_patterns("__pycache__"))
    other = cw.WorkerState(root=str(course), address="tcp://other:1", sandbox=sandbox)
    code = ex.reference_path.read_bytes()
    assert cw.grade_payload(other, _payload(other, ex, code))["kind"] == "result"  # an identical copy grades
    hidden = course / "solutions" / ex.track / ex.slug / "hidden.py"
    hidden.write_text(hidden.read_text() + "\n# edited on this worker only\n")
    answer = cw.grade_payload(other, _payload(other, ex, code))
    assert answer["kind"] == "refused"
    assert ex.slug in answer["why"] and "tcp://other:1" in answer["why"] and "different copy" in answer["why"]


def test_a_worker_refuses_another_grader_version_and_unknown_exercises(state, klass):
    ex = klass.exercises[0]
    code = ex.reference_path.read_bytes()
    answer = cw.grade_payload(state, _payload(state, ex, code, grader_hash="0" * 64))
    assert answer["kind"] == "refused" and "version of the grader" in answer["why"]
    answer = cw.grade_payload(state, _payload(state, ex, code, slug="no-such-exercise"))
    assert answer["kind"] == "refused" and "no-such-exercise" in answer["why"]


def test_a_weak_worker_refuses_unless_the_client_allowed_it(klass, sandbox):
    """Weak isolation on a worker: refused by default; allowed, the result names the worker's mode."""
    weak = cw.WorkerState(address="tcp://weak:1", sandbox=WeakSandbox(sandbox))
    ex = klass.exercises[0]
    code = ex.reference_path.read_bytes()
    answer = cw.grade_payload(weak, _payload(weak, ex, code))
    assert answer["kind"] == "refused" and "limits" in answer["why"] and "--allow-weak-isolation" in answer["why"]
    answer = cw.grade_payload(weak, _payload(weak, ex, code, allow_weak=True))
    assert answer["kind"] == "result" and answer["mode"] == "limits"
    assert answer["result"]["isolation"] == "limits" and answer["result"]["points"] == ex.points


def test_results_from_workers_are_decoded_strictly(state, klass):
    ex = klass.exercises[0]
    good = cw.grade_payload(state, _payload(state, ex, ex.reference_path.read_bytes()))["result"]
    assert result_from_plain(good, ex.slug).points == ex.points
    for bad in ({**good, "points": 10}, {**good, "extra": "x"}, {**good, "slug": "other"},
                {**good, "cases": [{**good["cases"][0], "passed": 1}]}, [good]):
        with pytest.raises(ValueError, match="malformed|result of"):
            result_from_plain(bad, ex.slug)


def test_options_name_exactly_one_cluster(tmp_path):
    with pytest.raises(UsageError):
        ClusterOptions()
    with pytest.raises(UsageError):
        ClusterOptions(scheduler="tcp://x:1", local_workers=2)
    out = subprocess.run([sys.executable, "-m", "grader", "grade-batch", str(tmp_path), "--worker-root", str(tmp_path)],
                         cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True)
    assert out.returncode == 2 and "--worker-root goes with --scheduler" in out.stderr + out.stdout


# ---------------------------------------------------------------- a real LocalCluster of 2 worker processes


# One build name for the client and every worker: the sources of a checkout being edited may change
# between a worker's start and the client's (their hash is checked in the tests above).
BUILD = {cw.BUILD_ENV: "test-cluster"}


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(cw.BUILD_ENV, BUILD[cw.BUILD_ENV])
        with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None,
                                      env={**cw.THREAD_ENV, **BUILD}) as cluster:
            yield cluster


def _slow_class(root: Path, klass) -> Path:
    """The session's class again, each submission sleeping at import (the same scores, slower)."""
    for (student, slug), code in klass.code.items():
        ex = next(e for e in klass.exercises if e.slug == slug)
        path = root / student / f"{ex.module}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(code + SLOW_IMPORT)
    return root


def _same_grades_as_plain(path: Path, graded) -> None:
    """Every (student, exercise) once, no row ever replaced, each as plain grade-batch graded it."""
    with Gradebook(path, readonly=True) as gb:
        rows, history = gb.rows(), gb.history()
    keys = [(r.student, r.exercise) for r in rows]
    assert sorted(keys) == sorted(graded.klass.code) and len(set(keys)) == len(keys)
    assert history == [], "a result was recorded twice"
    with Gradebook(graded.gradebook, readonly=True) as clean:
        plain = {(r.student, r.exercise): r for r in clean.rows()}
    for r in rows:
        assert _key_facts(r) == _key_facts(plain[(r.student, r.exercise)]), (r.student, r.exercise)


def _count(path: Path) -> int:
    try:
        with Gradebook(path, readonly=True) as gb:
            return gb.count()
    except Exception:  # noqa: BLE001 - not created yet
        return 0


@pytest.mark.slow
def test_cluster_scores_equal_plain_grade_batch(dask_cluster, graded, dojo_catalog, tmp_path):
    from grader.classroom.cluster import ClusterRunner

    path = tmp_path / "gradebook.sqlite"
    with ClusterRunner(ClusterOptions(scheduler=dask_cluster.scheduler_address)) as runner, Gradebook(path) as gb:
        assert len(runner.workers) == 2 and all(w.protects for w in runner.workers)
        tasks, summary = plan_batch(dojo_catalog, graded.klass.root, gb)
        grade_tasks(None, tasks, gb, summary, runner=runner.run)
        assert len(runner.modes) >= 1
    assert summary.graded == len(graded.klass.code) and not summary.not_recorded and not summary.failed
    _same_grades_as_plain(path, graded)
    with Gradebook(path, readonly=True) as gb, Gradebook(graded.gradebook, readonly=True) as clean:
        # the same hashes as plain grade-batch: a plain rerun finds everything up to date
        assert gb.fingerprints() == clean.fingerprints()


@pytest.mark.slow
def test_a_worker_killed_mid_run_loses_and_doubles_nothing(dask_cluster, graded, dojo_catalog, tmp_path):
    """SIGKILL one worker process while it grades: its task (two grades) is rerun elsewhere, and each
    grade is recorded once."""
    from grader.classroom.cluster import ClusterRunner

    root = _slow_class(tmp_path / "submissions", graded.klass)
    path = tmp_path / "gradebook.sqlite"
    killed: list[int] = []
    options = ClusterOptions(scheduler=dask_cluster.scheduler_address, chunk=2)
    with ClusterRunner(options) as runner, Gradebook(path) as gb:
        pids = {w.address: w.pid for w in runner.workers}

        def on_done(task, row) -> None:
            if killed:
                return
            busy = [addr for addr, keys in runner.client.processing().items() if keys and addr in pids]
            if busy:
                killed.append(pids[busy[0]])
                os.kill(pids[busy[0]], signal.SIGKILL)

        tasks, summary = plan_batch(dojo_catalog, root, gb)
        grade_tasks(None, tasks, gb, summary, runner=runner.run, on_done=on_done)
    assert killed, "no worker was busy to be killed"
    with pytest.raises(ProcessLookupError):
        os.kill(killed[0], 0)
    assert (summary.graded, summary.not_recorded, summary.failed) == (len(graded.klass.code), [], [])
    _same_grades_as_plain(path, graded)


@pytest.mark.slow
def test_a_killed_client_resumes_on_the_cluster(dask_cluster, graded, tmp_path):
    """kill -9 the client (`dojo grade-batch --local-cluster 2`), run it again on a scheduler: it resumes."""
    root = _slow_class(tmp_path / "submissions", graded.klass)
    path = tmp_path / "gradebook.sqlite"
    total = len(graded.klass.code)
    env = {**os.environ, "PYTHONPATH": str(ROOT), **BUILD}  # the CLI's LocalCluster workers inherit it
    cmd = [sys.executable, "-m", "grader", "grade-batch", str(root), "--gradebook", str(path)]
    log = tmp_path / "first-run.log"
    with open(log, "wb") as sink:
        proc = subprocess.Popen([*cmd, "--local-cluster", "2"], cwd=tmp_path, env=env, stdout=sink,
                                stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        while _count(path) < 2 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, f"the batch finished before it could be killed: {log.read_text()[-3000:]}"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # its LocalCluster's worker processes
        except ProcessLookupError:
            pass
    partial = _count(path)
    assert 2 <= partial < total
    out = subprocess.run([*cmd, "--scheduler", dask_cluster.scheduler_address], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    assert f"{total - partial} graded, {partial} already up to date" in out.stdout
    assert "on 2 worker(s)" in out.stdout and "cluster worker(s)" in out.stdout
    _same_grades_as_plain(path, graded)
