"""What instructors hand the grader (rosters, course files, times) and what spreadsheets get back."""
from __future__ import annotations

import csv
import datetime as dt
import io
import math

import pytest

from grader.classroom.course import Course, CourseError, LatePolicy, load_course, parse_time
from grader.classroom.deadlines import TimesError, penalty_fraction, read_times
from grader.classroom.export import plain_csv, safe_cell, to_csv
from grader.classroom.gradebook import CaseRow, GradeRow
from grader.classroom.marks import class_marks
from grader.classroom.roster import Found, Person, RosterError, match, read_roster

UTC = dt.timezone.utc


def row(student: str, exercise: str = "stable-softmax", points: float = 5.0, **kw) -> GradeRow:
    return GradeRow(student, exercise, "Softmax", points, 10.0, "partial", None, (CaseRow("c", True),), **kw)


# ---------------------------------------------------------------- spreadsheets


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "  =1"])
def test_cells_a_spreadsheet_would_run_are_neutralised(text):
    cell = safe_cell(text)
    assert cell.startswith("'") and "\t" not in cell


def test_ordinary_cells_are_left_alone():
    assert [safe_cell(t) for t in ("Ana Lopez", "10", "0.5", "not submitted", "O'Brien")] == \
        ["Ana Lopez", "10", "0.5", "not submitted", "O'Brien"]


def test_a_formula_as_a_student_name_reaches_the_csv_inert():
    text = to_csv([row("=cmd|' /C calc'!A0"), row("ana")], ["stable-softmax"])
    names = sorted(r["student"] for r in csv.DictReader(io.StringIO(text)))
    assert names == ["'=cmd|' /C calc'!A0", "ana"]
    assert not any(line.startswith("=") for line in text.splitlines())


def test_bom_and_not_submitted_in_the_plain_csv():
    people = [Person("1", "Ana Lopez", "ana@x", "ana"), Person("2", "Eve Doe", "eve@x", "eve")]
    rows = [row("ana", points=0.0), row("ana", "gelu", missing=True, points=0.0)]
    text = plain_csv(class_marks(rows, ["stable-softmax", "gelu"], people=people), bom=True)
    assert text.startswith("\ufeff")
    table = {r["name"]: r for r in csv.DictReader(io.StringIO(text[1:]))}
    assert table["Ana Lopez"]["stable-softmax"] == "0"  # handed in, scored 0
    assert table["Ana Lopez"]["gelu"] == "not submitted"
    assert table["Eve Doe"]["stable-softmax"] == table["Eve Doe"]["gelu"] == "not submitted"


# ---------------------------------------------------------------- rosters


def test_the_grader_s_own_roster(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("\ufeffsubmission;student id;Name;E-mail\nana;S1;Ana Lopez;ana@x\n\nben;S2;Ben Smith;ben@x\n",
                    encoding="utf-8")
    people = read_roster(path)  # a BOM, semicolons and header spellings from Excel
    assert [(p.id, p.submission, p.name, p.email) for p in people] == [("S1", "ana", "Ana Lopez", "ana@x"),
                                                                        ("S2", "ben", "Ben Smith", "ben@x")]


@pytest.mark.parametrize("text, words", [
    ("name,email\nAna,ana@x\n", "line 1: no `id` or `submission` column"),
    ("id,name\nS1,Ana\n,Ben\n", "line 3: no id and no submission name"),
    ("id,name\nS1,Ana\nS1,Ben\n", "id 'S1' appears twice"),
    ("", "empty"),
])
def test_a_bad_roster_is_an_error_naming_file_and_line(tmp_path, text, words):
    path = tmp_path / "roster.csv"
    path.write_text(text)
    with pytest.raises(RosterError, match=str(path).replace("/", ".")) as err:
        read_roster(path)
    assert words in str(err.value)


def test_canvas_and_moodle_exports_are_rosters(tmp_path):
    canvas = tmp_path / "canvas.csv"
    canvas.write_text('Student,ID,SIS User ID,SIS Login ID,Section,HW (1)\n    Points Possible,,,,,10\n'
                      '"Lopez, Ana",101,S1,alopez,A,\n')
    (ana,) = read_roster(canvas)
    assert (ana.id, ana.name, ana.lms_id, ana.sis_user_id) == ("101", "Ana Lopez", "101", "S1")
    moodle = tmp_path / "worksheet.csv"
    moodle.write_text("Identifier,Full name,Email address,Status\nParticipant 5001,Ana Lopez,ana@x,Submitted\n")
    (ana,) = read_roster(moodle)
    assert (ana.id, ana.email, ana.lms_id) == ("ana@x", "ana@x", "5001")


def test_matching_submissions_to_the_roster():
    people = [Person("101", "Ana Lopez", "", lms_id="101"), Person("S2", "Ben Smith", "bsmith@x"),
              Person("S3", "Cat Nguyen", ""), Person("S4", "Dan Roe", "", "dan-folder"),
              Person("S5", "Eve Doe", ""), Person("S6", "Eve Doe", "")]
    m = match(people, [Found("lopezana_101", "101", "lopezana"), Found("bsmith"), Found("Cat Nguyen_5003", "5003",
                                                                                            "Cat Nguyen"),
                       Found("dan-folder"), Found("evedoe"), Found("stranger")])
    assert {s: p.id for s, p in m.by_student.items()} == {"lopezana_101": "101", "bsmith": "S2",
                                                           "Cat Nguyen_5003": "S3", "dan-folder": "S4"}
    assert m.unmatched == ["stranger"]
    assert sorted(p.id for p in m.ambiguous["evedoe"]) == ["S5", "S6"]  # two Eve Does: neither is guessed
    assert m.absent == []


# ---------------------------------------------------------------- course files and times


def _course(tmp_path, text: str):
    path = tmp_path / "course.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("text, key", [
    ('[course]\nnmae = "x"\n', "course.nmae"),
    ('[[assignment]]\nname = "A"\nexercises = ["no-such-exercise"]\n', "assignment[0].exercises"),
    ('[[assignment]]\nname = "A"\nexercises = ["stable-softmax"]\ndue = "next friday"\n', "assignment[0].due"),
    ('[late]\nper_day = 150\n', "late.per_day"),
    ('[course]\ntimezone = "Mars/Olympus"\n', "course.timezone"),
    ('[[extension]]\nstudent = "ana"\ndays = 2\ndue = "2025-01-01"\n', "extension[0]"),
    ('[[extension]]\nstudent = "ana"\nassignment = "Nope"\ndays = 2\n', "extension[0].assignment"),
])
def test_a_bad_course_file_names_the_key(tmp_path, dojo_catalog, text, key):
    path = _course(tmp_path, text)
    with pytest.raises(CourseError) as err:
        load_course(path, dojo_catalog)
    assert str(err.value).startswith(f"{path}: key '{key}'")


def test_a_course_file_with_tracks_and_dates(tmp_path, dojo_catalog):
    path = _course(tmp_path, '[course]\ntimezone = "+01:00"\n[[assignment]]\nname = "Basics"\n'
                             'exercises = ["foundations"]\ndue = 2025-03-07\n[due]\ngelu = "2025-03-10 12:00"\n')
    course = load_course(path, dojo_catalog)
    track = [ex.slug for ex in dojo_catalog.track("foundations").exercises]
    assert course.assignments[0].exercises == tuple(track)
    tz = dt.timezone(dt.timedelta(hours=1))
    assert course.base_due("stable-softmax") == dt.datetime(2025, 3, 7, 23, 59, 59, tzinfo=tz)  # a date: its end
    assert course.base_due("gelu") == dt.datetime(2025, 3, 10, 12, 0, tzinfo=tz)


@pytest.mark.parametrize("text, expected", [
    ("2025-03-07 20:00", dt.datetime(2025, 3, 7, 20, 0, tzinfo=UTC)),
    ("2025-03-07T20:00:00+01:00", dt.datetime(2025, 3, 7, 19, 0, tzinfo=UTC)),
    ("2025-03-07T19:00:00Z", dt.datetime(2025, 3, 7, 19, 0, tzinfo=UTC)),
    ("2025-03-07 20:00:00.000000 UTC", dt.datetime(2025, 3, 7, 20, 0, tzinfo=UTC)),
    ("2025-03-07 20:00:00 Europe/Berlin", dt.datetime(2025, 3, 7, 19, 0, tzinfo=UTC)),
    ("Friday, 7 March 2025, 8:00 PM", dt.datetime(2025, 3, 7, 20, 0, tzinfo=UTC)),
])
def test_times_as_instructors_and_lms_write_them(text, expected):
    assert parse_time(text, UTC) == expected


def test_a_times_file_that_cannot_be_read_names_the_line(tmp_path):
    path = tmp_path / "times.csv"
    path.write_text("student,submitted_at\nana,2025-03-07 20:00\nben,yesterday\n")
    with pytest.raises(TimesError, match="line 3"):
        read_times(path, UTC)
    path.write_text("who,when\n")
    with pytest.raises(TimesError, match="line 1"):
        read_times(path, UTC)


@pytest.mark.parametrize("late_by, expected", [
    (dt.timedelta(minutes=-5), (0.0, 0)),
    (dt.timedelta(minutes=10), (0.0, 0)),  # within the grace period
    (dt.timedelta(minutes=20), (0.1, 1)),  # a started day counts
    (dt.timedelta(days=1, minutes=1), (0.2, 2)),
    (dt.timedelta(days=30), (0.5, 30)),  # the cap
])
def test_the_late_penalty(late_by, expected):
    due = dt.datetime(2025, 3, 7, 23, 59, tzinfo=UTC)
    course = Course(late=LatePolicy(per_day=10, cap=50, grace_minutes=15))
    fraction, days = penalty_fraction(due + late_by, due, course)
    assert (round(fraction, 6), days) == expected
    assert math.isclose(fraction, min(0.5, 0.1 * days))
