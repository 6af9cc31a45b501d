"""Grades in the CSV formats Canvas and Moodle import, keyed by their own student ids.

Canvas (Grades > Import): `Student, ID, SIS User ID, SIS Login ID, Section`, then one column per
assignment, named as Canvas names it ("Homework 1 (4242)": the course file's `canvas_column`), and a
"Points Possible" row. Canvas finds each student by `ID` (its user id: from a roster exported from
Canvas's gradebook, or from the file names of its download).

Moodle (Grades > Import > CSV file): `Email address`, `ID number` and `Full name`, then one column
per grade item (the course file's `moodle_column`); map "Email address" (or "ID number") to the user
field of the same name when importing.

Columns are the course file's assignments (the sum of their exercises' points that count), or one
per exercise without a course file. A student with nothing submitted in a column gets an empty cell,
which both LMSs leave alone. Students the LMS could not identify are left out and listed.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from grader.classroom.course import Course
from grader.classroom.export import points, write_table
from grader.classroom.marks import ClassMarks, StudentMarks


@dataclass
class Column:
    header: str
    exercises: tuple[str, ...]
    max_points: float


@dataclass
class Export:
    text: str
    rows: int
    left_out: list[str] = field(default_factory=list)  # students without the id the LMS needs


def columns(marks: ClassMarks, course: Course | None, lms: str) -> list[Column]:
    maxes = {slug: mx for slug, _, mx in marks.exercises}
    titles = {slug: title for slug, title, _ in marks.exercises}
    out = []
    placed: set[str] = set()
    for a in course.assignments if course else []:
        own = tuple(s for s in a.exercises if s in maxes)
        if not own:
            continue
        header = (a.canvas_column if lms == "canvas" else a.moodle_column) or a.name
        out.append(Column(header, own, round(sum(maxes[s] for s in own), 2)))
        placed.update(own)
    for slug, _, mx in marks.exercises:
        if slug not in placed:
            out.append(Column(titles[slug], (slug,), mx))
    return out


def _value(student: StudentMarks, column: Column) -> str:
    finals = [m.final for slug in column.exercises if (m := student.mark(slug)) is not None]
    if all(f is None for f in finals):
        return ""  # nothing submitted: the LMS keeps what it has (no 0 that looks earned)
    return points(sum(f or 0.0 for f in finals))


def canvas_csv(marks: ClassMarks, course: Course | None, bom: bool = False) -> Export:
    cols = columns(marks, course, "canvas")
    header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *(c.header for c in cols)]
    rows: list[list[object]] = [["Points Possible", "", "", "", "", *(points(c.max_points) for c in cols)]]
    left = []
    for s in marks.students:
        p = s.person
        canvas_id = (p.lms_id if p and p.lms_id else "") or (s.known.lms_id if s.known and s.known.layout == "canvas" else "")
        if not canvas_id:
            left.append(s.label)
            continue
        name = p.name if p and p.name else s.label
        parts = name.split()
        shown = f"{parts[-1]}, {' '.join(parts[:-1])}" if len(parts) > 1 and "," not in name else name
        rows.append([shown, canvas_id, p.sis_user_id if p else "", p.sis_login_id if p else "", p.section if p else "",
                     *(_value(s, c) for c in cols)])
    return Export(write_table(header, rows, bom), len(rows) - 1, left)


def moodle_csv(marks: ClassMarks, course: Course | None, bom: bool = False) -> Export:
    cols = columns(marks, course, "moodle")
    header = ["Email address", "ID number", "Full name", *(c.header for c in cols)]
    rows: list[list[object]] = []
    left = []
    for s in marks.students:
        p = s.person
        email = p.email if p else ""
        number = p.id if p and p.id and p.id != email and not (p.lms_id and p.id == p.lms_id) else ""
        if not email and not number:
            left.append(s.label)
            continue
        rows.append([email, number, p.name if p and p.name else s.label, *(_value(s, c) for c in cols)])
    return Export(write_table(header, rows, bom), len(rows), left)
