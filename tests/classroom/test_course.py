"""A course run end to end, in every layout: Canvas, Moodle, nbgrader, folders, zips. Each class is
graded once by `dojo grade-batch --course` (roster, due date, late policy, an extension, submission
times), Ben's first grade is overridden with a comment, and the exports (plain, Canvas, Moodle),
the feedback pages and the similarity list are checked against the gradebook."""
from __future__ import annotations

import csv
import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from grader.classroom import identity, overrides
from grader.classroom.classview import load_view
from grader.classroom.gradebook import Gradebook
from grader.cli import main

from .conftest import class_exercises, copy_gradebook
from .course_class import ANA, BEN, CAT, EVE, LAYOUTS, PEOPLE, CourseClass, build

COMMENT = "Fixed by e-mail on the 10th: full marks for the idea"
OVERRIDE = 8.0


def _grade(klass: CourseClass, gradebook: Path, *extra: str, capsys=None) -> str:
    args = ["grade-batch", str(klass.root), "--gradebook", str(gradebook), "--workers", "2", *extra]
    code = main(args)
    assert code == 0
    return capsys.readouterr().out if capsys is not None else ""


@pytest.fixture(scope="module")
def courses(tmp_path_factory, dojo_catalog) -> dict[str, tuple[CourseClass, Path, str]]:
    """Every layout graded once with its course file, and Ben's first grade overridden."""
    exercises = class_exercises(dojo_catalog)
    out = {}
    for layout in LAYOUTS:
        klass = build(tmp_path_factory.mktemp(layout) / "class", layout, exercises)
        gradebook = klass.root.parent / "gradebook.sqlite"
        code = main(["grade-batch", str(klass.root), "--gradebook", str(gradebook), "--course", str(klass.course)])
        assert code == 0, layout
        assert main(["gradebook", "override", klass.key(BEN), exercises[0].slug, str(OVERRIDE),
                     "--comment", COMMENT, "--gradebook", str(gradebook)]) == 0
        out[layout] = (klass, gradebook, "")
    return out


def _table(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def _rows(gradebook: Path):
    with Gradebook(gradebook, readonly=True) as gb:
        return {(r.student, r.exercise): r for r in gb.rows()}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_layout_finds_one_submission_per_student_matched_to_the_roster(courses, layout):
    """Are Ana, Ben and Cat found once each (Canvas's files grouped, Moodle's folders read) and matched
    to their roster entries, with Eve listed as not submitted?"""
    klass, gradebook, _ = courses[layout]
    view = load_view(gradebook, [ex.slug for ex in klass.exercises])
    with Gradebook(gradebook, readonly=True) as gb:
        known = identity.known(gb)
    assert sorted(known) == sorted(klass.key(p) for p in (ANA, BEN, CAT))
    labels = {s.label: s for s in view.marks.students}
    assert sorted(labels) == sorted(p.name for p in PEOPLE)
    assert not labels[EVE.name].submitted and all(m.status == "not submitted" for m in labels[EVE.name].marks)
    assert all(labels[p.name].student == klass.key(p) for p in (ANA, BEN, CAT))
    if layout == "canvas":
        assert known[klass.key(BEN)].late_marker and not known[klass.key(ANA)].late_marker
        assert known[klass.key(ANA)].lms_id == ANA.canvas_id


@pytest.mark.parametrize("layout", LAYOUTS)
def test_late_penalty_extension_and_override_apply_in_every_layout(courses, layout):
    """Is Ben's late work penalised 20 % (2 started days at 10 %), Cat's extension honoured, Ana on time,
    and Ben's overridden grade the override, whatever layout the times came through?"""
    klass, gradebook, _ = courses[layout]
    first, second = (ex.slug for ex in klass.exercises)
    rows = _rows(gradebook)
    ana, ben1, ben2, cat = (rows[(klass.key(ANA), first)], rows[(klass.key(BEN), first)],
                            rows[(klass.key(BEN), second)], rows[(klass.key(CAT), first)])
    assert ana.status == "passed" and ana.late_penalty == 0.0 and "on time" in ana.late_note
    assert ben2.late_penalty == pytest.approx(0.2) and ben2.penalised_points == round(ben2.points * 0.8, 2)
    assert "2 day(s) late" in ben2.late_note and "-20%" in ben2.late_note
    assert cat.late_penalty == 0.0 and "extension of 3 day(s)" in cat.late_note and "on time" in cat.late_note
    assert rows[(klass.key(CAT), second)].missing  # handed nothing in for the second exercise
    source = {"nbgrader": "nbgrader's timestamp.txt", "moodle": "Moodle's grading worksheet"}.get(layout, "times.csv")
    assert ben2.time_source == source
    view = load_view(gradebook, [first, second])
    ben = next(s for s in view.marks.students if s.student == klass.key(BEN))
    assert ben1.points < ben1.max_points  # the mutant
    assert ben.mark(first).final == OVERRIDE and ben.mark(second).final == ben2.penalised_points
    assert ben.mark(first).comments[0][1] == COMMENT


@pytest.mark.parametrize("layout", LAYOUTS)
def test_plain_csv_says_what_applied_and_keeps_not_submitted_apart_from_zero(courses, layout, tmp_path):
    klass, gradebook, _ = courses[layout]
    first, second = (ex.slug for ex in klass.exercises)
    out = tmp_path / "grades.csv"
    assert main(["gradebook", "export", "--csv", str(out), "--gradebook", str(gradebook), "--bom"]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    table = {r["name"]: r for r in _table(out)}
    assert list(next(iter(table.values()))) == ["student", "id", "name", "email", first, second, "total", "max_total",
                                               "raw_total", "notes"]
    rows = _rows(gradebook)
    assert table[EVE.name][first] == table[EVE.name][second] == "not submitted"
    assert table[CAT.name][second] == "not submitted"
    ben = table[BEN.name]
    assert float(ben[first]) == OVERRIDE
    assert float(ben[second]) == rows[(klass.key(BEN), second)].penalised_points
    assert float(ben["raw_total"]) == pytest.approx(sum(rows[(klass.key(BEN), s)].points for s in (first, second)))
    assert float(ben["total"]) == pytest.approx(OVERRIDE + rows[(klass.key(BEN), second)].penalised_points)
    assert f"override {OVERRIDE:g}" in ben["notes"] and COMMENT in ben["notes"] and "late -20%" in ben["notes"]


def test_canvas_export_is_keyed_by_canvas_ids(courses, tmp_path):
    """Does the Canvas CSV hold Canvas's own columns, its Points Possible row and one row per Canvas ID,
    the assignment column summing the points that count (empty for Eve, not 0)?"""
    klass, gradebook, _ = courses["canvas"]
    out = tmp_path / "canvas.csv"
    assert main(["gradebook", "export", "--format", "canvas", "--csv", str(out), "--gradebook", str(gradebook)]) == 0
    lines = list(csv.reader(io.StringIO(out.read_text())))
    assert lines[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Homework 1 (4242)"]
    assert lines[1][0] == "Points Possible" and float(lines[1][5]) == sum(ex.points for ex in klass.exercises)
    by_id = {line[1]: line for line in lines[2:]}
    assert sorted(by_id) == sorted(p.canvas_id for p in PEOPLE)
    view = load_view(gradebook, [ex.slug for ex in klass.exercises])
    for s in view.marks.students:
        line = by_id[s.person.lms_id]
        assert line[0] == f"{s.person.name.split()[1]}, {s.person.name.split()[0]}"
        assert line[5] == ("" if not s.submitted else f"{s.total:g}")


def test_moodle_export_is_keyed_by_email(courses, tmp_path):
    klass, gradebook, _ = courses["moodle"]
    out = tmp_path / "moodle.csv"
    assert main(["gradebook", "export", "--format", "moodle", "--csv", str(out), "--gradebook", str(gradebook)]) == 0
    table = _table(out)
    assert list(table[0]) == ["Email address", "ID number", "Full name", "Homework 1"]
    by_mail = {r["Email address"]: r for r in table}
    assert sorted(by_mail) == sorted(p.email for p in PEOPLE)
    assert by_mail[EVE.email]["Homework 1"] == ""
    assert float(by_mail[ANA.email]["Homework 1"]) == sum(ex.points for ex in klass.exercises)


def test_a_canvas_export_without_canvas_ids_says_who_is_left_out(courses, tmp_path, capsys):
    """Folders carry no Canvas IDs: the students are listed as left out, not written with a wrong key."""
    klass, gradebook, _ = courses["folders"]
    out = tmp_path / "canvas.csv"
    capsys.readouterr()
    assert main(["gradebook", "export", "--format", "canvas", "--csv", str(out), "--gradebook", str(gradebook)]) == 0
    assert len(out.read_text().splitlines()) == 2  # the header and Points Possible only
    said = capsys.readouterr().out
    assert "left out" in said and all(p.name in said for p in PEOPLE)


def test_feedback_pages_hold_only_their_student(courses, tmp_path):
    """Is there a page and a zip per student, with their verdicts, first differences, comment and
    penalty, nothing naming another student and no link anywhere?"""
    klass, gradebook, _ = courses["folders"]
    out = tmp_path / "feedback"
    assert main(["feedback", str(out), "--gradebook", str(gradebook)]) == 0
    manifest = {r["name"]: r for r in _table(out / "manifest.csv")}
    assert sorted(manifest) == sorted(p.name for p in PEOPLE)
    rows = _rows(gradebook)
    for p in PEOPLE:
        page = (out / manifest[p.name]["page"]).read_text(encoding="utf-8")
        others = [q for q in PEOPLE if q is not p]
        for q in others:
            for word in (q.name, q.key, q.email, f"S{q.canvas_id}"):
                assert not re.search(rf"\b{re.escape(word)}\b", page), (p.name, word)
        assert p.name in page
        assert not re.search(r"<a\b|href=|src=|<link|<script|https?:", page)
        with zipfile.ZipFile(out / manifest[p.name]["zip"]) as zf:
            assert zf.namelist() == ["feedback.html"] and zf.read("feedback.html").decode() == page
        for (student, _), row in rows.items():
            if student == p.key and not row.missing:
                failing = [c for c in row.cases if not c.passed]
                for c in failing[:3]:
                    assert c.name in page
    ben = (out / manifest[BEN.name]["page"]).read_text()
    assert COMMENT in ben and "2 day(s) late" in ben and "override 8" in ben
    eve = (out / manifest[EVE.name]["page"]).read_text()
    assert eve.count("Nothing was received") == len(klass.exercises)


def test_similarity_lists_the_disguised_copy_first(courses, tmp_path):
    """Does the report list Ana and Cat (Cat's code is Ana's with names changed) as alike for the first
    exercise, identical ones before near ones, with a side-by-side page?"""
    klass, gradebook, _ = courses["zips"]
    out = tmp_path / "report"
    assert main(["report", str(out), "--gradebook", str(gradebook)]) == 0
    index = (out / "index.html").read_text()
    section = index[index.index('id="similar"'):index.index("<h2>Students</h2>")]
    first = klass.exercises[0].slug
    rows = re.findall(r"<tr class=\"(identical|near)\">(.*?)</tr>", section, re.S)
    assert rows, "no pair listed"
    kinds = [k for k, _ in rows]
    assert kinds == sorted(kinds, key=lambda k: k != "identical")  # identical first
    pair = next(body for _, body in rows if ANA.name in body and CAT.name in body)
    assert first in pair and "same once normalised" in pair
    page = re.search(r'href="(similar/[^"]+)"', pair).group(1)
    side = (out / page).read_text()
    assert side.count('class="line match"') >= 4 and "verdict" not in side.lower()


def test_override_survives_a_regrade_of_that_student_alone(courses, tmp_path, capsys, dojo_catalog):
    """Ben hands in a fixed first exercise: `--students Ben Smith` regrades only him, the override stays
    in force, and the run says the graded points moved under it."""
    klass, gradebook, _ = courses["folders"]
    root = tmp_path / "submissions"
    shutil.copytree(klass.root, root)
    first = klass.exercises[0]
    (root / BEN.key / f"{first.module}.py").write_bytes(first.reference_path.read_bytes())
    path = copy_gradebook(gradebook, tmp_path)
    before = _rows(path)
    capsys.readouterr()
    assert main(["grade-batch", str(root), "--gradebook", str(path), "--students", BEN.name]) == 0
    said = capsys.readouterr().out
    after = _rows(path)
    changed = {k for k in after if after[k].graded_at != before[k].graded_at or after[k] != before[k]}
    assert {k[0] for k in changed} == {BEN.key}
    assert after[(BEN.key, first.slug)].points == first.points
    assert "override kept" in said and BEN.key in said
    view = load_view(path, [ex.slug for ex in klass.exercises])
    assert view.marks.by_student()[BEN.key].mark(first.slug).final == OVERRIDE
    with Gradebook(path, readonly=True) as gb:
        assert [h.points for h in gb.history() if h.student == BEN.key and h.exercise == first.slug] == \
            [before[(BEN.key, first.slug)].points]
    assert main(["gradebook", "override", BEN.key, first.slug, "--clear", "--gradebook", str(path)]) == 0
    mark = load_view(path, [ex.slug for ex in klass.exercises]).marks.by_student()[BEN.key].mark(first.slug)
    assert mark.status == "passed" and mark.final == after[(BEN.key, first.slug)].penalised_points  # late: -20 %
    with Gradebook(path, readonly=True) as gb:
        assert [e.action for e in overrides.log(gb)] == ["override", "clear"]


def test_remove_moves_a_student_to_history(courses, tmp_path):
    klass, gradebook, _ = courses["folders"]
    path = copy_gradebook(gradebook, tmp_path)
    before = [r for r in _rows(path).values() if r.student == CAT.key]
    assert main(["gradebook", "remove", CAT.name, "--gradebook", str(path)]) == 0
    rows = _rows(path)
    assert not any(s == CAT.key for s, _ in rows)
    with Gradebook(path, readonly=True) as gb:
        kept = [h for h in gb.history() if h.student == CAT.key]
    assert sorted((h.exercise, h.points) for h in kept) == sorted((r.exercise, r.points) for r in before)


def test_a_students_own_exercises_folder_is_one_student(dojo_catalog, tmp_path, capsys):
    """Pointed at one learner's workspace (track folders), grade-batch grades one student and says so,
    instead of taking every track folder for a student."""
    ex = class_exercises(dojo_catalog)[0]
    home = tmp_path / "alice"
    (home / ex.track / ex.slug).mkdir(parents=True)
    (home / ex.track / ex.slug / f"{ex.module}.py").write_bytes(ex.reference_path.read_bytes())
    for track in dojo_catalog.tracks[1:4]:
        (home / track.slug).mkdir()
    capsys.readouterr()
    assert main(["grade-batch", str(home), "--gradebook", str(tmp_path / "gb.sqlite"), "--exercises", ex.slug]) == 0
    said = capsys.readouterr().out
    assert "1 student(s)" in said and "laid out like exercises/" in said and "'alice'" in said
    with Gradebook(tmp_path / "gb.sqlite", readonly=True) as gb:
        assert [(r.student, r.status) for r in gb.rows()] == [("alice", "passed")]


def test_the_report_names_no_student_in_its_common_failures(courses, tmp_path):
    klass, gradebook, _ = courses["canvas"]
    out = tmp_path / "report"
    assert main(["report", str(out), "--gradebook", str(gradebook), "--similarity", "0"]) == 0
    index = (out / "index.html").read_text()
    exercises = index[index.index("<h2>Exercises</h2>"):index.index('id="similar"')]
    for p in PEOPLE:
        for word in (p.name, p.lastfirst, p.canvas_id):
            assert word not in exercises
    # Cat and Eve handed nothing in for the second exercise, Ana and Ben the reference: no failure.
    second = next(row for row in exercises.split("<tr>") if f"<code>{klass.exercises[1].slug}</code>" in row)
    assert '<span class="muted">none</span>' in second


def test_students_that_match_nobody_stop_the_run_before_anything_is_graded(courses, tmp_path, capsys):
    klass, gradebook, _ = courses["folders"]
    path = copy_gradebook(gradebook, tmp_path)
    before = _rows(path)
    capsys.readouterr()
    assert main(["grade-batch", str(klass.root), "--gradebook", str(path), "--students", "ana", "Nobody Here"]) == 2
    err = capsys.readouterr().err
    assert "--students: no submission of Nobody Here" in err and "ana" in err
    assert _rows(path) == before
