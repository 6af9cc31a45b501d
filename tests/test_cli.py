"""The CLI, in-process: `main(argv) -> int`, one clear line for every usage error."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from grader.cli import main

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "solutions" / "foundations" / "stable-softmax" / "stable_softmax.py"


def test_help_lists_commands(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for command in ("init", "list", "check", "watch", "grade", "try", "hint", "reset", "history", "solution", "dev", "demo"):
        assert command in out


def test_no_command_prints_help():
    assert main([]) == 2


def test_list_without_a_workspace_shows_the_catalog_and_how_to_start(capsys, catalog):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "Foundations" in out and "stable-softmax" in out
    assert "dojo init" in out


def test_unknown_exercise_is_one_line(capsys):
    assert main(["hint", "no-such-thing"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no exercise named 'no-such-thing'" in err[0]


def test_bad_option_exits_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["grade", "--frobnicate"])
    assert info.value.code == 2


def test_hint_steps_through_hints_in_the_workspace(capsys, tmp_path, monkeypatch):
    """Hints seen are recorded in the learner's workspace, and `dojo hint` moves on to the next one."""
    monkeypatch.setenv("DOJO_WORKSPACE", str(tmp_path / "ws"))
    assert main(["init"]) == 0
    assert main(["hint", "stable-softmax"]) == 0
    assert "Hint 1/" in capsys.readouterr().out
    assert main(["hint", "stable-softmax"]) == 0
    assert "Hint 2/" in capsys.readouterr().out
    progress = json.loads((tmp_path / "ws" / ".dojo" / "progress.json").read_text())
    assert progress["exercises"]["stable-softmax"]["hints_seen"] == 2
    assert main(["hint", "stable-softmax", "99"]) == 2


def test_hint_without_a_workspace_records_nothing(capsys):
    assert main(["hint", "stable-softmax", "1"]) == 0
    assert "Hint 1/" in capsys.readouterr().out
    assert not Path(os.environ["DOJO_WORKSPACE"]).exists()


def test_piped_output_is_not_wrapped_at_80_columns(tmp_path):
    """Piped into a file, a long line (a long exercise title, the progress note) stays one line."""
    env = {"PATH": "/usr/bin:/bin", "DOJO_WORKSPACE": str(tmp_path / "none"), "HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "grader", "list"], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True).stdout
    long_lines = [line for line in out.splitlines() if len(line) > 80]
    assert long_lines, "expected at least one line longer than 80 columns"
    assert any("prompt-assembly" in line and "Capstone)" in line for line in out.splitlines())
    assert any(line.startswith("Progress:") and "dojo init" in line for line in out.splitlines())


@pytest.mark.slow
def test_grade_reference_passes_and_writes_results_json(tmp_path, capsys):
    out_json = tmp_path / "results.json"
    code = main(["grade", "stable-softmax", "--submission", str(REFERENCE), "--results-json", str(out_json)])
    assert code == 0
    data = json.loads(out_json.read_text())
    assert data["score"] == 10 and sum(t["max_score"] for t in data["tests"]) == 10
    assert "max_score" not in data  # not a top-level field of Gradescope's format
    assert all(t["status"] == "passed" for t in data["tests"])
    assert {"name", "score", "max_score", "status", "output", "visibility"} <= set(data["tests"][0])
    assert "execution_time" in data


@pytest.mark.slow
def test_grade_wrong_submission_exits_1_with_feedback(tmp_path, capsys):
    bad = tmp_path / "stable_softmax.py"
    bad.write_text("import numpy as np\ndef softmax(x, axis=-1):\n    return np.exp(x) / np.exp(x).sum(axis, keepdims=True)\n")
    assert main(["grade", "stable-softmax", "--submission", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "case " in out and "NaN" in out


@pytest.mark.slow
def test_grade_notebook_equals_py(tmp_path, capsys):
    """Does a notebook with the same code get exactly the grade of the .py?"""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# softmax"), nbformat.v4.new_code_cell(REFERENCE.read_text()),
                nbformat.v4.new_code_cell("%time 1 + 1")]
    path = tmp_path / "stable_softmax.ipynb"
    nbformat.write(nb, str(path))
    out_nb, out_py = tmp_path / "nb.json", tmp_path / "py.json"
    assert main(["grade", "stable-softmax", "--submission", str(path), "--results-json", str(out_nb)]) == 0
    assert main(["grade", "stable-softmax", "--submission", str(REFERENCE), "--results-json", str(out_py)]) == 0
    strip = lambda d: [(t["name"], t["score"]) for t in d["tests"]]  # noqa: E731
    assert strip(json.loads(out_nb.read_text())) == strip(json.loads(out_py.read_text()))


def test_invalid_notebook_is_an_error_entry(tmp_path, capsys):
    path = tmp_path / "stable_softmax.ipynb"
    path.write_text("{ not json")
    assert main(["grade", "stable-softmax", "--submission", str(path)]) == 1
    assert "not a valid notebook" in capsys.readouterr().out


def test_missing_submission_is_usage_error(tmp_path, capsys):
    assert main(["grade", "stable-softmax", "--submission", str(tmp_path / "nope.py")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_learner_commands_without_a_workspace_say_how_to_make_one(capsys):
    for argv in (["check", "stable-softmax"], ["grade", "stable-softmax"], ["reset", "stable-softmax"],
                 ["history"], ["watch", "stable-softmax"], ["try", "stable-softmax", "--args", "1"]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert "dojo init" in err and len(err.strip().splitlines()) == 1, (argv, err)


@pytest.mark.slow
def test_grade_without_namespaces_still_limits_and_reports_it(tmp_path, capsys):
    """Where namespaces are not available, does grading still work and say so?"""
    assert main(["grade", "stable-softmax", "--submission", str(REFERENCE), "--no-isolation"]) == 0
    assert "process limits only" in capsys.readouterr().out


@pytest.mark.slow
def test_demo_works_on_a_fresh_clone_without_a_workspace(capsys):
    """setup.sh runs `dojo demo`: no workspace exists yet, and it must still list and grade."""
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "stable-softmax" in out and "Score:" in out and "dojo init" in out
