"""The Gradescope bundle: run_autograder on a folder laid out like /autograder writes valid results."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from grader.cli import main

RESULT_KEYS = {"name", "score", "max_score", "status", "output", "visibility"}


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "autograder.zip"
    assert main(["gradescope", "build", str(out), "--exercises", "stable-softmax"]) == 0
    return out


def test_bundle_holds_the_project_and_pinned_setup(bundle):
    """Does the zip hold setup.sh (torch pinned first), run_autograder and the hidden cases?"""
    with zipfile.ZipFile(bundle) as zf:
        names = set(zf.namelist())
        setup = zf.read("setup.sh").decode()
        requirements = zf.read("requirements.txt").decode()
        modes = {i.filename: i.external_attr >> 16 for i in zf.infolist()}
    for name in ("setup.sh", "run_autograder", "pyproject.toml", "grader/cli.py", "grader/classroom/gradescope.py",
                 "exercises/tracks.toml", "solutions/foundations/stable-softmax/hidden.py",
                 "solutions/foundations/stable-softmax/stable_softmax.py"):
        assert name in names, name
    assert not any("__pycache__" in n or n.startswith("tests/") for n in names)
    assert modes["run_autograder"] & 0o111 and modes["setup.sh"] & 0o111
    assert setup.index("torch==2.13.0") < setup.index("-r requirements.txt")
    assert all("==" in line for line in requirements.split())


def _autograder_root(bundle: Path, base: Path, submission: dict[str, bytes]) -> Path:
    """A folder laid out as Gradescope lays out /autograder."""
    root = base / "autograder"
    with zipfile.ZipFile(bundle) as zf:
        zf.extractall(root / "source")
    shutil.copyfile(root / "source" / "run_autograder", root / "run_autograder")
    (root / "results").mkdir()
    (root / "submission").mkdir()
    for name, data in submission.items():
        path = root / "submission" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


@pytest.mark.slow
def test_run_autograder_gives_reference_full_marks_and_starter_zero(bundle, dojo_catalog, tmp_path):
    """Does the bundle's run_autograder score the reference 10/10 and the starter 0, in Gradescope's format?"""
    ex = dojo_catalog.get("stable-softmax")
    roots = {
        "reference": _autograder_root(bundle, tmp_path / "ref", {f"{ex.module}.py": ex.reference_path.read_bytes()}),
        # a folder mirroring exercises/, as a learner's working copy is laid out
        "starter": _autograder_root(bundle, tmp_path / "starter",
                                    {f"foundations/{ex.slug}/{ex.module}.py": ex.starter_path.read_bytes()}),
    }
    procs = {}
    for name, root in roots.items():  # both at once: each pays the start-up of a fresh grader
        env = {**os.environ, "DOJO_AUTOGRADER_ROOT": str(root), "DOJO_AUTOGRADER_PYTHON": sys.executable}
        env.pop("DOJO_ROOT", None)
        procs[name] = subprocess.Popen(["bash", str(root / "run_autograder")], env=env, cwd=root,
                                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    results = {}
    for name, proc in procs.items():
        out, _ = proc.communicate(timeout=300)
        assert proc.returncode == 0, out.decode()
        results[name] = json.loads((roots[name] / "results" / "results.json").read_text())
    for data in results.values():
        assert {"score", "execution_time", "tests"} <= set(data)
        assert sum(Decimal(str(t["max_score"])) for t in data["tests"]) == Decimal(str(ex.points))
        for test in data["tests"]:
            assert RESULT_KEYS <= set(test)
            assert test["status"] in ("passed", "failed") and test["visibility"] in ("visible", "hidden",
                                                                                    "after_due_date", "after_published")
            assert "array(" not in test["output"] and "tensor(" not in test["output"]  # no hidden input dumped
    ref, starter = results["reference"], results["starter"]
    assert ref["score"] == ex.points and all(t["status"] == "passed" for t in ref["tests"])
    assert starter["score"] == 0 and all(t["status"] == "failed" for t in starter["tests"])
    assert len(ref["tests"]) == len(starter["tests"]) >= 6


def test_unusable_submission_still_writes_results(bundle, tmp_path, monkeypatch):
    """Does an empty submission folder get a results.json naming what is missing (not a crash)?"""
    from grader.classroom.gradescope import run_autograder

    root = _autograder_root(bundle, tmp_path, {})
    data = run_autograder(root)
    written = json.loads((root / "results" / "results.json").read_text())
    assert written == data and data["score"] == 0
    assert any("no stable_softmax.py" in t["output"] for t in data["tests"])
