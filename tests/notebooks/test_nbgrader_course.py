"""`dojo nbgrader export` against the real nbgrader: generate_assignment, autograde, same scores as `dojo grade`.

The slow test exports the foundations track, releases it with `nbgrader generate_assignment`, hands
in three submissions per exercise (the reference, the untouched release, one mutant), runs
`nbgrader autograde` and compares nbgrader's score of every notebook, and its per-case verdicts,
with what `dojo grade` gives the same code. It prints how long each took (run with -s to see).
"""
from __future__ import annotations

import ast
import re
import shutil
import subprocess
import time
from pathlib import Path

import nbformat
import pytest

from grader.catalog import Exercise, load_catalog
from grader.cli import main
from grader.grading import grade
from grader.notebooks.nbgrader_hidden import COURSE_DATA
from grader.submission import resolve

from nb_helpers import TRACK, solution_cells, venv_env, with_solution

NBGRADER_TIMEOUT_S = 1800


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("course")
    assert main(["nbgrader", "export", str(out), "--tracks", TRACK]) == 0
    return out


def _grade_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]


def test_export_writes_a_valid_course(course: Path, foundations: list[Exercise]) -> None:
    """Is every notebook valid nbgrader v3, worth the exercise's points, with no expected value in it?"""
    from nbgrader.nbgraderformat import MetadataValidator

    assert (course / "nbgrader_config.py").is_file()
    compile((course / "nbgrader_config.py").read_text(), "nbgrader_config.py", "exec")
    assert not list((course / COURSE_DATA / "solutions").rglob("mutants"))
    for ex in foundations:
        assert (course / COURSE_DATA / "solutions" / TRACK / ex.slug / "hidden.py").is_file()
        nb = nbformat.read(str(course / "source" / TRACK / f"{ex.module}.ipynb"), as_version=4)
        nbformat.validate(nb)
        MetadataValidator().validate_nb(nb)
        assert nb.metadata["kernelspec"]["name"] == "python3"
        for cell in nb.cells:
            assert set(cell.metadata["nbgrader"]) == {"grade", "grade_id", "locked", "points", "schema_version",
                                                      "solution", "task"}
        assert sum(c.metadata["nbgrader"]["points"] for c in _grade_cells(nb)) == ex.points
        (hidden,) = _grade_cells(nb)
        body = hidden.source.split("### BEGIN HIDDEN TESTS\n")[1].split("\n### END HIDDEN TESTS")[0]
        assert body == f"from grader.notebooks.nbgrader_hidden import hidden_score\nhidden_score({ex.slug!r}, globals())"
        (solution,) = solution_cells(nb)
        assert solution.metadata["nbgrader"]["solution"] and "### BEGIN SOLUTION" in solution.source


def _nbgrader(course: Path, *args: str) -> float:
    started = time.perf_counter()
    proc = subprocess.run(["nbgrader", *args], cwd=course, env=venv_env(), capture_output=True, text=True,
                          timeout=NBGRADER_TIMEOUT_S)
    assert proc.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return time.perf_counter() - started


def _distinctive_lines(ex: Exercise) -> list[str]:
    """Code lines of the reference that the starter does not have."""
    starter = {ln.strip() for ln in ex.starter_path.read_text(encoding="utf-8").splitlines()}
    out = []
    for line in ex.reference_path.read_text(encoding="utf-8").splitlines():
        text = line.split("#")[0].strip()
        if len(text) >= 12 and line.strip() not in starter and not text.startswith(("def ", "import ", "from ", '"""')):
            out.append(text)
    return out


VERDICT = re.compile(r"^  (ok  |FAIL) (\S+?)(?::|$)", re.M)


@pytest.mark.nbgrader
@pytest.mark.slow
def test_autograde_scores_equal_dojo_grade(course: Path, foundations: list[Exercise], sandbox) -> None:
    """Do nbgrader's scores, exercise by exercise, equal `dojo grade` on the same code?"""
    from nbgrader.api import Gradebook

    assert shutil.which("nbgrader", path=venv_env()["PATH"]), "nbgrader is not installed in this environment"
    t_generate = _nbgrader(course, "generate_assignment", TRACK, "--force")

    # The release: no solution, no hidden test, no line of any reference.
    release = course / "release" / TRACK
    for ex in foundations:
        nb = nbformat.read(str(release / f"{ex.module}.ipynb"), as_version=4)
        text = "\n".join(c.source for c in nb.cells)
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text and "hidden_score" not in text
        for line in _distinctive_lines(ex):
            assert line not in text, f"{ex.slug}: the release shows the reference line {line!r}"
        ast.parse(solution_cells(nb)[0].source)

    # Three students: the reference filled in, the untouched release, one mutant per exercise.
    codes: dict[str, dict[str, str | None]] = {
        "reference": {ex.slug: ex.reference_path.read_text(encoding="utf-8") for ex in foundations},
        "untouched": {ex.slug: None for ex in foundations},
        "mutant": {ex.slug: ex.mutant_paths[0].read_text(encoding="utf-8") for ex in foundations},
    }
    for student, by_slug in codes.items():
        folder = course / "submitted" / student / TRACK
        folder.mkdir(parents=True)
        for ex in foundations:
            nb = nbformat.read(str(release / f"{ex.module}.ipynb"), as_version=4)
            code = by_slug[ex.slug]
            nbformat.write(nb if code is None else with_solution(nb, code), str(folder / f"{ex.module}.ipynb"))
    t_autograde = _nbgrader(course, "autograde", TRACK, "--force")

    catalog = load_catalog()
    t_dojo = 0.0
    mismatches = []
    all_scores: dict[str, dict[str, float]] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in codes:
            submission = gb.find_submission(TRACK, student)
            scores = all_scores[student] = {nb.name: nb.score for nb in submission.notebooks}
            for ex in foundations:
                path = course / "submitted" / student / TRACK / f"{ex.module}.ipynb"
                started = time.perf_counter()
                (source,) = resolve(catalog, [ex], path)  # the code `dojo grade --submission NB.ipynb` reads
                ours = grade(sandbox, source)
                t_dojo += time.perf_counter() - started
                if scores[ex.module] != pytest.approx(ours.points, abs=1e-9):
                    mismatches.append(f"{student}/{ex.slug}: nbgrader {scores[ex.module]}, dojo {ours.points}")
                graded = nbformat.read(str(course / "autograded" / student / TRACK / f"{ex.module}.ipynb"), as_version=4)
                (cell,) = _grade_cells(graded)
                assert not [o for o in cell.outputs if o.get("name") == "stderr" or o.output_type == "error"], \
                    f"{student}/{ex.slug}: the hidden cell wrote to stderr or raised"
                stdout = "".join(o.text for o in cell.outputs if o.output_type == "stream")
                verdicts = [(m.group(2), m.group(1) == "ok  ") for m in VERDICT.finditer(stdout)]
                assert verdicts == [(c.name, c.passed) for c in ours.cases], f"{student}/{ex.slug}"
            expected_total = {"reference": 50.0, "untouched": 0.0}.get(student)
            if expected_total is not None:
                assert sum(scores.values()) == expected_total, student
    assert not mismatches, "\n".join(mismatches)
    assert all(s < 10 for s in all_scores["mutant"].values()), "every mutant must lose points"

    n = len(codes) * len(foundations)
    print(f"\nnbgrader generate_assignment {TRACK}: {t_generate:.1f} s for {len(foundations)} notebooks")
    print(f"nbgrader autograde {TRACK}: {t_autograde:.1f} s for {n} notebooks = {t_autograde / n:.2f} s per notebook")
    print(f"dojo grade (warm sandbox) on the same code: {t_dojo:.1f} s for {n} = {t_dojo / n:.2f} s per exercise")

