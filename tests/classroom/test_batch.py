"""Batch grading into the gradebook: every grade recorded once, resumable, regraded only when needed."""
from __future__ import annotations

import csv
import io
import shutil

import pytest

from grader.classroom import batch
from grader.classroom.batch import run_batch
from grader.cli import main
from grader.classroom.gradebook import Gradebook
from grader.grading import grade
from grader.submission import Source

from .conftest import CountingSandbox, copy_gradebook


def _rows(path):
    with Gradebook(path, readonly=True) as gb:
        return gb.rows()


def test_every_student_and_exercise_recorded_once_with_grade_points(graded, sandbox):
    """Does the gradebook hold exactly one row per (student, exercise), scored as `dojo grade` scores it?"""
    rows = _rows(graded.gradebook)
    keys = [(r.student, r.exercise) for r in rows]
    assert sorted(keys) == sorted(graded.klass.code)
    assert len(set(keys)) == len(keys)
    by_ex = {ex.slug: ex for ex in graded.klass.exercises}
    for row in rows:
        direct = grade(sandbox, Source(by_ex[row.exercise], graded.klass.code[(row.student, row.exercise)], "direct"))
        assert (row.points, row.status) == (direct.points, direct.status), (row.student, row.exercise)
        assert [(c.name, c.passed) for c in row.cases] == [(c.name, c.passed) for c in direct.cases]
    assert all(r.status == "passed" for r in rows if r.student in ("ada", "eli"))
    assert all(r.points == 0 for r in rows if r.student == "ben")  # the starters
    assert all(r.status != "passed" for r in rows if r.student in ("cy", "dee"))  # the mutants


def test_failures_keep_their_per_case_feedback(graded):
    """Is each failing case's message stored, so the report can show it?"""
    rows = [r for r in _rows(graded.gradebook) if r.student == "cy"]
    failing = [c for r in rows for c in r.cases if not c.passed]
    assert failing and all(c.message for c in failing)


def test_concurrent_reader_sees_consistent_rows(graded):
    """Does a reader polling during the batch only ever see whole rows, each key once, never shrinking?"""
    assert len(graded.snapshots) >= 2
    previous = 0
    for snap in graded.snapshots:
        keys = [(r.student, r.exercise) for r in snap]
        assert len(keys) == len(set(keys))
        assert len(snap) >= previous
        previous = len(snap)
        for r in snap:
            assert r.cases, "a row without its case feedback"
            assert r.points == pytest.approx(round(r.max_points * sum(c.passed for c in r.cases) / len(r.cases), 2))
            assert (r.status == "passed") == all(c.passed for c in r.cases)
    assert previous == len(graded.klass.code)


def test_second_run_does_no_work(graded, dojo_catalog, sandbox, tmp_path):
    """Does running the same batch again start no learner run at all?"""
    path = copy_gradebook(graded.gradebook, tmp_path)
    counting = CountingSandbox(sandbox)
    with Gradebook(path) as gb:
        summary = run_batch(dojo_catalog, graded.klass.root, gb, counting)
    assert counting.runs == 0
    assert summary.graded == 0 and summary.up_to_date == len(graded.klass.code)
    assert _rows(path) == _rows(graded.gradebook)


def test_changed_submission_is_regraded_alone(graded, dojo_catalog, sandbox, tmp_path):
    """Does a student who hands in a new version get regraded, and nobody else?"""
    root = tmp_path / "submissions"
    shutil.copytree(graded.klass.root, root)
    ex = graded.klass.exercises[0]
    (root / "ben" / f"{ex.module}.py").write_bytes(ex.reference_path.read_bytes())
    path = copy_gradebook(graded.gradebook, tmp_path)
    before = {(r.student, r.exercise): r for r in _rows(path)}
    counting = CountingSandbox(sandbox)
    with Gradebook(path) as gb:
        summary = run_batch(dojo_catalog, root, gb, counting)
        history = gb.history()
    assert summary.graded == 1 and counting.runs == 1
    after = {(r.student, r.exercise): r for r in _rows(path)}
    assert after[("ben", ex.slug)].status == "passed"
    assert [h.points for h in history] == [before[("ben", ex.slug)].points]  # the old grade is kept
    assert {k: v for k, v in after.items() if k != ("ben", ex.slug)} == \
        {k: v for k, v in before.items() if k != ("ben", ex.slug)}


def test_changed_hidden_tests_regrade_that_exercise(graded, dojo_catalog, sandbox, tmp_path, monkeypatch):
    """Does a changed reference or hidden.py regrade every student of that exercise (and only them)?"""
    ex = graded.klass.exercises[0]
    real = batch.exercise_hash
    monkeypatch.setattr(batch, "exercise_hash", lambda e: real(e) + ("-v2" if e.slug == ex.slug else ""))
    path = copy_gradebook(graded.gradebook, tmp_path)
    counting = CountingSandbox(sandbox)
    with Gradebook(path) as gb:
        summary = run_batch(dojo_catalog, graded.klass.root, gb, counting, exercises=[ex])
    assert summary.graded == len(graded.klass.students)
    assert summary.up_to_date == 0


def test_regrade_flag_grades_everything_again(graded, dojo_catalog, sandbox, tmp_path):
    """Does --regrade grade up-to-date work again (here: one student's rows)?"""
    root = tmp_path / "one"
    root.mkdir()
    shutil.copytree(graded.klass.root / "ada", root / "ada")
    path = copy_gradebook(graded.gradebook, tmp_path)
    counting = CountingSandbox(sandbox)
    with Gradebook(path) as gb:
        summary = run_batch(dojo_catalog, root, gb, counting, regrade=True)
    assert summary.graded == len(graded.klass.exercises) and counting.runs >= summary.graded


class _BrokenSandbox:
    """Every run fails inside the grader: a crash in the middle of a regrade."""

    isolate = False

    def run(self, *args, **kwargs):
        raise RuntimeError("the sandbox went away")


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # grade()'s own thread
def test_crashed_regrade_keeps_the_old_grade(graded, dojo_catalog, tmp_path):
    """Does a regrade that dies leave every recorded grade exactly as it was?"""
    path = copy_gradebook(graded.gradebook, tmp_path)
    before = _rows(path)
    with Gradebook(path) as gb:
        summary = run_batch(dojo_catalog, graded.klass.root, gb, _BrokenSandbox(), regrade=True)
    assert summary.graded == 0 and summary.not_recorded
    assert _rows(path) == before


def test_csv_export_has_a_column_per_exercise_and_totals(graded, tmp_path):
    """Does the CSV have one row per student, a column per exercise and the right total?"""
    out = tmp_path / "grades.csv"
    assert main(["gradebook", "export", "--csv", str(out), "--gradebook", str(graded.gradebook)]) == 0
    table = list(csv.DictReader(io.StringIO(out.read_text())))
    slugs = [ex.slug for ex in graded.klass.exercises]
    assert list(table[0]) == ["student", *slugs, "total", "max_total", "raw_total", "notes"]
    assert [r["student"] for r in table] == graded.klass.students
    rows = _rows(graded.gradebook)
    for line in table:
        points = {r.exercise: r.points for r in rows if r.student == line["student"]}
        assert [float(line[s]) for s in slugs] == [points[s] for s in slugs]
        assert float(line["total"]) == pytest.approx(sum(points.values()))
        assert float(line["max_total"]) == sum(ex.points for ex in graded.klass.exercises)


def test_report_has_charts_and_a_page_per_student(graded, tmp_path):
    """Does the report show the charts, the commonest failure and link a page for every student?"""
    out = tmp_path / "report"
    assert main(["report", str(out), "--gradebook", str(graded.gradebook)]) == 0
    index = (out / "index.html").read_text()
    assert index.count("<svg") == 2 and "http" not in index
    assert index.count("<script") == 1 and '<script src="static/report.js">' in index  # local, no network
    assert (out / "static" / "report.css").is_file()
    pages = sorted((out / "students").glob("*.html"))
    assert len(pages) == len(graded.klass.students)
    for student in graded.klass.students:
        assert f">{student}</a>" in index
        page = next(p for p in pages if p.name.startswith(student + "-"))
        text = page.read_text()
        assert f"<h1>{student}</h1>" in text
        for ex in graded.klass.exercises:
            assert ex.slug in text
    cy = next(p for p in pages if p.name.startswith("cy-")).read_text()
    assert "✘" in cy  # the mutant's failing cases, with their feedback
    assert 'class="count"' in index  # a most common failure was found for the failing exercises
