"""kill -9 in the middle of `dojo grade-batch`, then run it again: every grade there exactly once."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader.classroom.batch import run_batch
from grader.classroom.gradebook import Gradebook

from .conftest import CountingSandbox

ROOT = Path(__file__).resolve().parents[2]


def _count(path: Path) -> int:
    if not path.is_file():
        return 0
    try:
        with Gradebook(path, readonly=True) as gb:
            return gb.count()
    except sqlite3.DatabaseError:
        return 0  # not created yet


@pytest.mark.slow
def test_kill_9_then_rerun_matches_a_clean_run(graded, dojo_catalog, sandbox, tmp_path):
    """After SIGKILL mid-batch and a rerun, is every grade there once and equal to a clean run's?"""
    path = tmp_path / "gradebook.sqlite"
    total = len(graded.klass.code)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "grader", "grade-batch", str(graded.klass.root),
                             "--gradebook", str(path), "--workers", "2"], cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while _count(path) < 2 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, "the batch finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the zygote and any learner child it left
        except ProcessLookupError:
            pass
    partial = _count(path)
    assert 2 <= partial < total
    counting = CountingSandbox(sandbox)
    with Gradebook(path) as gb:
        summary = run_batch(dojo_catalog, graded.klass.root, gb, counting)
        rows = gb.rows()
    assert summary.up_to_date == partial and summary.graded == total - partial
    keys = [(r.student, r.exercise) for r in rows]
    assert sorted(keys) == sorted(graded.klass.code) and len(set(keys)) == total
    with Gradebook(graded.gradebook, readonly=True) as clean:
        expected = {(r.student, r.exercise): r for r in clean.rows()}
    for r in rows:
        want = expected[(r.student, r.exercise)]
        assert (r.points, r.status, r.error, r.submission_hash, r.exercise_hash) == \
            (want.points, want.status, want.error, want.submission_hash, want.exercise_hash)
        assert [(c.name, c.passed) for c in r.cases] == [(c.name, c.passed) for c in want.cases]
