"""The learner's workspace: `dojo init`, finding it, updates, reset and restore, progress, history,
solutions. Everything happens under tmp_path; the catalog's exercises/ are only ever read."""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader.catalog import load_catalog
from grader.cli import main
from grader.errors import UsageError
from grader.progress import Grade, Progress, next_exercise, updating
from grader.workspace import find_workspace, init_workspace, learner_files

ROOT = Path(__file__).resolve().parent.parent
TRACK = '[[track]]\nslug = "foundations"\ntitle = "Foundations"\nblurb = "b"\nexercises = [{slugs}]\n'


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def mini_project(root: Path, slugs: tuple[str, ...]) -> Path:
    """A project folder with a few real foundations exercises (statement, starter, tests, reference)."""
    for slug in slugs:
        for side in ("exercises", "solutions"):
            shutil.copytree(ROOT / side / "foundations" / slug, root / side / "foundations" / slug,
                            ignore=shutil.ignore_patterns("__pycache__"))
    write_tracks(root, slugs)
    return root


def write_tracks(root: Path, slugs: tuple[str, ...]) -> None:
    (root / "exercises" / "tracks.toml").write_text(TRACK.format(slugs=", ".join(f'"{s}"' for s in slugs)))


@pytest.fixture
def ws_env(tmp_path, monkeypatch):
    """A learner's workspace made by `dojo init`, found through $DOJO_WORKSPACE."""
    ws = tmp_path / "ws"
    monkeypatch.setenv("DOJO_WORKSPACE", str(ws))
    assert main(["init"]) == 0
    return ws


def test_init_copies_what_a_learner_gets_and_never_writes_the_catalog(ws_env, catalog, capsys):
    before = tree_digest(ROOT / "exercises")
    for ex in catalog.exercises:
        folder = ws_env / ex.track / ex.slug
        assert sorted(p.name for p in folder.iterdir()) == sorted(learner_files(ex))
        assert (folder / ex.starter_path.name).read_bytes() == ex.starter_path.read_bytes()
        assert not (folder / "hints.md").exists(), "hints are shown one at a time, not copied"
    (ws_env / "foundations" / "stable-softmax" / "stable_softmax.py").write_text("# my attempt\n")
    assert main(["reset", "stable-softmax"]) == 0
    assert main(["init"]) == 0
    assert tree_digest(ROOT / "exercises") == before
    assert "up to date" in capsys.readouterr().out


def test_plain_pytest_in_the_workspace_uses_its_files(ws_env):
    """The workspace is laid out for plain pytest too: the learner's module is what the tests import."""
    folder = ws_env / "foundations" / "stable-softmax"
    shutil.copyfile(ROOT / "solutions" / "foundations" / "stable-softmax" / "stable_softmax.py", folder / "stable_softmax.py")
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", str(folder)], cwd=ws_env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "3 passed" in run.stdout


def test_init_again_adds_new_exercises_and_never_touches_edits(tmp_path, monkeypatch, capsys):
    project = mini_project(tmp_path / "project", ("stable-softmax", "layernorm"))
    write_tracks(project, ("stable-softmax",))
    monkeypatch.setenv("DOJO_ROOT", str(project))
    ws = tmp_path / "ws"
    assert main(["init", str(ws)]) == 0
    mine = ws / "foundations" / "stable-softmax" / "stable_softmax.py"
    mine.write_text("# my work\n")
    assert not (ws / "foundations" / "layernorm").exists()

    # An update of the project: a new exercise, a changed statement, a changed starter.
    write_tracks(project, ("stable-softmax", "layernorm"))
    monkeypatch.setenv("DOJO_WORKSPACE", str(ws))
    capsys.readouterr()
    assert main(["list"]) == 0
    assert "not in your workspace yet (layernorm)" in capsys.readouterr().out
    (project / "exercises/foundations/stable-softmax/README.md").write_text("# new statement\n")
    (project / "exercises/foundations/stable-softmax/stable_softmax.py").write_text("# new starter\n")
    capsys.readouterr()
    assert main(["init", str(ws)]) == 0
    out = capsys.readouterr().out
    assert "layernorm" in out and "Kept your edits" in out
    assert (ws / "foundations" / "layernorm" / "layernorm.py").read_text() == \
        (project / "exercises/foundations/layernorm/layernorm.py").read_text()
    assert mine.read_text() == "# my work\n", "the learner's edit was overwritten"
    assert (ws / "foundations/stable-softmax/README.md").read_text() == "# new statement\n", \
        "a file the learner never edited should follow the catalog"


def test_workspace_is_found_by_env_then_current_folder_then_home(tmp_path, monkeypatch, catalog):
    a, b = tmp_path / "a", tmp_path / "home" / "dojo-workspace"
    init_workspace(catalog, a)
    init_workspace(catalog, b)
    monkeypatch.setenv("DOJO_WORKSPACE", str(a))
    monkeypatch.chdir(b / "foundations")
    assert find_workspace().root == a.absolute()
    monkeypatch.delenv("DOJO_WORKSPACE")
    monkeypatch.setenv("HOME", str(tmp_path / "elsewhere"))
    assert find_workspace().root == b.absolute()  # the current folder is inside b
    monkeypatch.chdir(tmp_path)
    assert find_workspace() is None
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert find_workspace().root == b.absolute()  # the default, ~/dojo-workspace


def test_a_bare_command_inside_an_exercise_folder_means_that_exercise(ws_env, monkeypatch, capsys):
    monkeypatch.chdir(ws_env / "foundations" / "layernorm")
    assert main(["hint"]) == 0
    assert "for layernorm" in capsys.readouterr().out
    monkeypatch.chdir(ws_env)
    assert main(["hint"]) == 2
    assert "name an exercise" in capsys.readouterr().err


def test_init_refuses_the_project_its_folders_and_other_peoples_files(tmp_path, catalog):
    for bad in (catalog.root, catalog.root / "exercises" / "mine", catalog.root / "solutions" / "x"):
        with pytest.raises(UsageError):
            init_workspace(catalog, bad)
    full = tmp_path / "full"
    full.mkdir()
    (full / "thesis.tex").write_text("x")
    with pytest.raises(UsageError, match="other files"):
        init_workspace(catalog, full)


def test_a_workspace_inside_a_checkout_stays_out_of_git(tmp_path, monkeypatch):
    project = mini_project(tmp_path / "project", ("stable-softmax",))
    git = ["git", "-C", str(project)]
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"], check=True)
    monkeypatch.setenv("DOJO_ROOT", str(project))
    assert main(["init", str(project / "my-work")]) == 0
    (project / "my-work" / "foundations" / "stable-softmax" / "stable_softmax.py").write_text("# solved\n")
    status = subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True, check=True).stdout
    assert status == "", status


def test_reset_keeps_a_backup_and_restore_brings_it_back(ws_env, capsys):
    path = ws_env / "foundations" / "gelu" / "gelu.py"
    starter = (ROOT / "exercises/foundations/gelu/gelu.py").read_text()
    assert main(["reset", "gelu"]) == 0
    assert "already the original starter" in capsys.readouterr().out
    assert main(["reset", "gelu", "--restore"]) == 2  # nothing backed up yet
    path.write_text("# attempt 1\n")
    assert main(["reset", "gelu"]) == 0
    assert path.read_text() == starter
    path.write_text("# attempt 2\n")
    assert main(["reset", "gelu"]) == 0
    assert main(["reset", "gelu", "--restore"]) == 0
    assert path.read_text() == "# attempt 2\n"
    # The restore kept what it replaced only when that was work (here the starter was): two backups.
    assert [p.read_text() for p in sorted((ws_env / ".dojo/backups/gelu").iterdir())] == ["# attempt 1\n", "# attempt 2\n"]


def test_progress_keeps_latest_and_best_and_a_regression_shows(tmp_path):
    folder = tmp_path / ".dojo"
    with updating(folder) as progress:
        assert progress.status("gelu") == "not started"
        assert progress.status("gelu", edited=True) == "attempted"
        progress.record("gelu", Grade(at="2026-01-01 10:00:00", points=10, max_points=10, passed=True))
        progress.record("gelu", Grade(at="2026-01-01 11:00:00", points=4, max_points=10, passed=False))
    progress = Progress(folder)
    assert progress.status("gelu") == "attempted"
    assert progress.best("gelu").passed and progress.latest("gelu").points == 4
    assert [g.points for g in progress.history("gelu")] == [10, 4]
    assert progress.ever_passed("gelu")


def test_progress_reads_the_first_format_and_survives_damage(tmp_path):
    folder = tmp_path / ".dojo"
    folder.mkdir()
    (folder / "progress.json").write_text(json.dumps({"gelu": {"best": 10.0, "max": 10, "solved": True, "hints_seen": 2}}))
    progress = Progress(folder)
    assert progress.status("gelu") == "passed" and progress.hints_seen("gelu") == 2
    (folder / "progress.json").write_text("{ damaged")
    assert Progress(folder).status("gelu") == "not started"


def test_next_exercise_follows_prerequisites(catalog, tmp_path):
    progress = Progress(tmp_path)
    first = catalog.exercises[0]
    nxt = next_exercise(catalog, progress, first)
    assert nxt is not None and nxt != first
    assert all(p == first.slug for p in nxt.prerequisites)
    for ex in catalog.exercises:
        progress.record(ex.slug, Grade(at="t", points=1, max_points=1, passed=True))
    assert next_exercise(catalog, progress, first) is None


def test_list_shows_statuses_and_a_legend(ws_env, capsys):
    (ws_env / "foundations" / "gelu" / "gelu.py").write_text("# started\n")
    with updating(ws_env / ".dojo") as progress:
        progress.record("layernorm", Grade(at="t", points=10, max_points=10, passed=True))
    capsys.readouterr()
    assert main(["list", "--track", "foundations"]) == 0
    out = capsys.readouterr().out
    lines = {line.split()[2]: line for line in out.splitlines() if line[:1] in "✔◐·" and len(line.split()) > 2}
    assert lines["layernorm"].startswith("✔") and lines["gelu"].startswith("◐") and lines["cross-entropy"].startswith("·")
    assert "1/5 passed, 1 attempted" in out
    assert "passed (latest grade)" in out and "not started" in out


def test_history_lists_past_grades(ws_env, capsys):
    with updating(ws_env / ".dojo") as progress:
        progress.record("gelu", Grade(at="2026-01-01 10:00:00", points=3, max_points=10, passed=False, status="partial"))
        progress.record("gelu", Grade(at="2026-01-02 10:00:00", points=10, max_points=10, passed=True, status="passed"))
    capsys.readouterr()
    assert main(["history", "gelu"]) == 0
    out = capsys.readouterr().out
    assert out.index("2026-01-01 10:00:00") < out.index("2026-01-02 10:00:00")
    assert "3/10" in out and "partial" in out and "Best: 10/10" in out
    assert main(["history", "layernorm"]) == 0
    assert "No grades recorded for layernorm" in capsys.readouterr().out


def test_solution_opens_only_after_a_pass(ws_env, capsys):
    assert main(["solution", "gelu"]) == 2
    assert "once your code passes" in capsys.readouterr().err
    with updating(ws_env / ".dojo") as progress:
        progress.record("gelu", Grade(at="t", points=10, max_points=10, passed=True))
    assert main(["solution", "gelu"]) == 0
    assert (ROOT / "solutions/foundations/gelu/gelu.py").read_text().strip() in capsys.readouterr().out


def test_an_instructor_build_can_turn_solutions_off(tmp_path, monkeypatch, capsys):
    project = mini_project(tmp_path / "project", ("gelu",))
    (project / "pyproject.toml").write_text("[tool.dojo]\nlearner-solutions = false\n")
    monkeypatch.setenv("DOJO_ROOT", str(project))
    monkeypatch.setenv("DOJO_WORKSPACE", str(tmp_path / "ws"))
    assert main(["init"]) == 0
    with updating(tmp_path / "ws" / ".dojo") as progress:
        progress.record("gelu", Grade(at="t", points=10, max_points=10, passed=True))
    assert main(["solution", "gelu"]) == 2
    assert "learner-solutions = false" in capsys.readouterr().err


def test_a_notebook_starts_from_the_pristine_starter_whatever_the_workspace_holds(ws_env, tmp_path, capsys):
    import nbformat

    (ws_env / "foundations" / "gelu" / "gelu.py").write_text("# half-done work\n")
    assert main(["notebook", "gelu", "--out", str(tmp_path / "nb")]) == 0
    nb = nbformat.read(str(tmp_path / "nb" / "gelu.ipynb"), as_version=4)
    solution = [c.source for c in nb.cells if c.metadata.get("dojo", {}).get("role") == "solution"]
    assert solution and "half-done" not in solution[0] and "NotImplementedError" in solution[0]


@pytest.mark.slow
def test_a_notebook_grade_needs_no_slug_and_counts(ws_env, tmp_path, capsys):
    import nbformat

    assert main(["notebook", "stable-softmax", "--out", str(tmp_path / "nb")]) == 0
    path = tmp_path / "nb" / "stable_softmax.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("dojo", {}).get("role") == "solution":
            cell.source = (ROOT / "solutions/foundations/stable-softmax/stable_softmax.py").read_text()
    nbformat.write(nb, str(path))
    assert main(["grade", "--submission", str(path)]) == 0
    progress = Progress(ws_env / ".dojo")
    assert progress.status("stable-softmax") == "passed"
    assert progress.latest("stable-softmax").origin == str(path)


@pytest.mark.slow
def test_grade_all_skips_untouched_starters_and_records_only_real_attempts(ws_env, capsys):
    shutil.copyfile(ROOT / "solutions/foundations/gelu/gelu.py", ws_env / "foundations" / "gelu" / "gelu.py")
    capsys.readouterr()
    assert main(["grade", "--all"]) == 0
    out = capsys.readouterr().out
    assert "gelu" in out and "NotImplementedError" not in out and "stable-softmax" not in out
    assert "Skipping" in out and "--include-untouched" in out
    progress = json.loads((ws_env / ".dojo" / "progress.json").read_text())
    assert list(progress["exercises"]) == ["gelu"]
