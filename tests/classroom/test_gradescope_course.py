"""The Gradescope bundle for a course: only the chosen solutions, test visibility, a time budget,
results.json after every exercise, per-test scores that add up exactly, nothing outside the spec."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from grader.results import to_gradescope
from grader.cli import main

# Gradescope's results.json specification (gradescope-autograders.readthedocs.io, "Output format").
TOP_KEYS = {"score", "execution_time", "output", "output_format", "test_output_format", "test_name_format",
            "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard"}
TEST_KEYS = {"score", "max_score", "status", "name", "name_format", "number", "output", "output_format", "tags",
             "visibility", "extra_data"}
HANG = b"while True:\n    pass\n"


def _bundle(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "autograder.zip"
    assert main(["gradescope", "build", str(out), *args]) == 0
    return out


def test_the_bundle_ships_only_the_chosen_exercises_solutions(tmp_path, dojo_catalog):
    bundle = _bundle(tmp_path, "--exercises", "stable-softmax", "--visibility", "after_due_date",
                     "--time-budget", "300", "--exercise-budget", "30")
    with zipfile.ZipFile(bundle) as zf:
        names = zf.namelist()
        config = json.loads(zf.read("dojo-autograder.json"))
    solutions = {n for n in names if n.startswith("solutions/")}
    assert solutions and all(n.startswith("solutions/foundations/stable-softmax/") for n in solutions)
    assert "solutions/foundations/stable-softmax/hidden.py" in solutions
    assert not any("/mutants/" in n for n in names)
    assert any(n.startswith("exercises/attention/") for n in names)  # statements and starters are public
    assert (config["visibility"], config["time_budget_s"], config["exercise_budget_s"]) == ("after_due_date", 300.0, 30.0)


@pytest.mark.parametrize("args, words", [(["--visibility", "sometimes"], "visibility 'sometimes'"),
                                         (["--time-budget", "5000"], "time budget 5000 s")])
def test_bad_bundle_options_are_refused(tmp_path, capsys, args, words):
    assert main(["gradescope", "build", str(tmp_path / "a.zip"), "--exercises", "stable-softmax", *args]) == 2
    assert words in capsys.readouterr().err


def _result(slug: str, max_points: float, passed: list[bool]) -> SimpleNamespace:
    cases = [SimpleNamespace(name=f"case{i}", passed=ok, message="" if ok else "differs") for i, ok in enumerate(passed)]
    points = round(max_points * sum(passed) / len(passed), 2)  # as grading.py scores
    return SimpleNamespace(slug=slug, max_points=max_points, points=points, cases=cases, error=None)


@pytest.mark.parametrize("visibility", ["visible", "after_due_date", "after_published", "hidden"])
def test_per_test_scores_add_up_exactly_and_only_spec_fields(visibility):
    results = []
    for n in (1, 3, 6, 7, 11, 13):
        for max_points in (10.0, 7.0, 3.5, 1.0):
            for pattern in ([True] * n, [False] * n, [i % 3 == 0 for i in range(n)], [i % 2 == 1 for i in range(n)]):
                results.append(_result(f"ex{n}-{max_points}", max_points, pattern))
    data = to_gradescope(results, 1.5, "namespaces", [], visibility)
    assert set(data) <= TOP_KEYS
    assert all(set(t) <= TEST_KEYS and t["visibility"] == visibility for t in data["tests"])
    tests = iter(data["tests"])
    for r in results:
        own = [next(tests) for _ in r.cases]
        assert sum(Decimal(str(t["max_score"])) for t in own) == Decimal(str(r.max_points))
        assert sum(Decimal(str(t["score"])) for t in own) == Decimal(str(r.points))
        assert all(0 <= t["score"] <= t["max_score"] for t in own)
        assert all((t["status"] == "passed") == c.passed for t, c in zip(own, r.cases))
    assert Decimal(str(data["score"])) == sum(Decimal(str(t["score"])) for t in data["tests"])


def _autograder(bundle: Path, base: Path, files: dict[str, bytes]) -> tuple[Path, dict[str, str]]:
    root = base / "autograder"
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(root / "source")
    shutil.copyfile(root / "source" / "run_autograder", root / "run_autograder")
    (root / "results").mkdir()
    (root / "submission").mkdir()
    for name, data in files.items():
        (root / "submission" / name).write_bytes(data)
    env = {**os.environ, "DOJO_AUTOGRADER_ROOT": str(root), "DOJO_AUTOGRADER_PYTHON": sys.executable}
    env.pop("DOJO_ROOT", None)
    return root, env


@pytest.mark.slow
def test_a_run_stopped_midway_still_leaves_a_result(tmp_path, dojo_catalog):
    """Gradescope stops a run at its time limit: results.json, written after each exercise, already
    holds the graded exercise, and says the next one was not graded."""
    softmax, gelu = dojo_catalog.get("stable-softmax"), dojo_catalog.get("gelu")
    bundle = _bundle(tmp_path, "--exercises", softmax.slug, gelu.slug, "--exercise-budget", "120")
    root, env = _autograder(bundle, tmp_path, {f"{softmax.module}.py": softmax.reference_path.read_bytes(),
                                               f"{gelu.module}.py": HANG})
    proc = subprocess.Popen(["bash", str(root / "run_autograder")], env=env, cwd=root, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results = root / "results" / "results.json"
    try:
        deadline = time.monotonic() + 240
        while not results.is_file() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert results.is_file(), "no results.json after the first exercise"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # Gradescope's timeout
        proc.wait()
    data = json.loads(results.read_text())
    assert set(data) <= TOP_KEYS
    graded = [t for t in data["tests"] if t["name"].startswith(f"{softmax.slug}: ")]
    assert graded and all(t["status"] == "passed" for t in graded)
    assert data["score"] == softmax.points
    (later,) = [t for t in data["tests"] if t["name"] == gelu.slug]
    assert later["score"] == 0 and "not graded yet" in later["output"]


@pytest.mark.slow
def test_a_hanging_exercise_costs_its_budget_only(tmp_path, dojo_catalog):
    softmax, gelu = dojo_catalog.get("stable-softmax"), dojo_catalog.get("gelu")
    bundle = _bundle(tmp_path, "--exercises", gelu.slug, softmax.slug, "--exercise-budget", "3")
    root, env = _autograder(bundle, tmp_path, {f"{softmax.module}.py": softmax.reference_path.read_bytes(),
                                               f"{gelu.module}.py": HANG})
    started = time.monotonic()
    subprocess.run(["bash", str(root / "run_autograder")], env=env, cwd=root, check=True, timeout=240,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    data = json.loads((root / "results" / "results.json").read_text())
    assert data["execution_time"] < 3 + 60  # the hang cost its budget, not the run's
    hung = [t for t in data["tests"] if t["name"].startswith(f"{gelu.slug}: ")]
    assert hung and all(t["score"] == 0 for t in hung)
    assert data["score"] == softmax.points  # the exercise after it was still graded
    assert time.monotonic() - started < 240
