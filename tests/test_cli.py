"""The CLI, in-process: `main(argv) -> int`, one clear line for every usage error."""
from __future__ import annotations

import json
import shutil
import subprocess
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
    for command in ("list", "check", "grade", "hint", "reset", "dev", "demo"):
        assert command in out


def test_no_command_prints_help():
    assert main([]) == 2


def test_list_shows_tracks_and_progress(capsys, catalog):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "Foundations" in out and "stable-softmax" in out and "Progress:" in out
    assert f"/{len(catalog.exercises)} solved" in out


def test_unknown_exercise_is_one_line(capsys):
    assert main(["hint", "no-such-thing"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no exercise named 'no-such-thing'" in err[0]


def test_bad_option_exits_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["grade", "--frobnicate"])
    assert info.value.code == 2


def test_hint_steps_through_hints(capsys, tmp_path, monkeypatch):
    assert main(["hint", "stable-softmax", "1"]) == 0
    assert "Hint 1/" in capsys.readouterr().out
    assert main(["hint", "stable-softmax", "99"]) == 2


@pytest.mark.slow
def test_grade_reference_passes_and_writes_results_json(tmp_path, capsys):
    out_json = tmp_path / "results.json"
    code = main(["grade", "stable-softmax", "--submission", str(REFERENCE), "--results-json", str(out_json)])
    assert code == 0
    data = json.loads(out_json.read_text())
    assert data["score"] == data["max_score"] == 10
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


def test_reset_restores_the_starter_and_keeps_a_backup(tmp_path, monkeypatch, capsys):
    """Does `dojo reset` bring back the committed starter and keep the learner's file?"""
    for part in ("exercises/tracks.toml", "exercises/foundations/stable-softmax"):
        src = ROOT / part
        dst = tmp_path / part
        if src.is_dir():
            shutil.copytree(src, dst)
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_text('[[track]]\nslug = "foundations"\ntitle = "F"\nblurb = "b"\nexercises = ["stable-softmax"]\n')
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "add", "."], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"], check=True)
    monkeypatch.setenv("DOJO_ROOT", str(tmp_path))
    starter = tmp_path / "exercises/foundations/stable-softmax/stable_softmax.py"
    original = starter.read_text()
    starter.write_text("# my attempt\n")
    assert main(["reset", "stable-softmax"]) == 0
    assert starter.read_text() == original
    backups = list(starter.parent.glob("*.dojo-backup"))
    assert len(backups) == 1 and backups[0].read_text() == "# my attempt\n"
    assert main(["reset", "stable-softmax"]) == 0
    assert "already the original" in capsys.readouterr().out


@pytest.mark.slow
def test_grade_without_namespaces_still_limits_and_reports_it(tmp_path, capsys):
    """Where namespaces are not available, does grading still work and say so?"""
    assert main(["grade", "stable-softmax", "--submission", str(REFERENCE), "--no-isolation"]) == 0
    assert "process limits only" in capsys.readouterr().out
