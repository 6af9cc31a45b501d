"""The gradebook as a CSV a spreadsheet or an LMS can import: one row per student.

Cells are safe to open in a spreadsheet: text that would run as a formula (starting with `=`, `+`,
`-`, `@`, a tab or a carriage return) is prefixed with `'`, and control characters are escaped.
"Not submitted" is written as such, never as 0. `bom=True` starts the file with a UTF-8 byte order
mark, so Excel reads accented names right. Canvas's and Moodle's import formats: lms.py.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Iterable

from grader.classroom.gradebook import GradeRow
from grader.classroom.marks import NOT_SUBMITTED, ClassMarks, Mark, class_marks
from grader.fileio import write_bytes_atomic
from grader.text import one_line

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ROSTER_COLUMNS = ("id", "name", "email")


def safe_cell(value: object) -> str:
    """A cell no spreadsheet runs as a formula, on one printable line."""
    text = one_line(value if type(value) is str else str(value))
    return f"'{text}" if text.lstrip(" ").startswith(FORMULA_STARTS) else text  # " =1" runs in some spreadsheets


def points(value: float | None) -> str:
    return "" if value is None else f"{round(value, 2):g}"


def mark_cell(mark: Mark | None) -> str:
    """The points that count, or "not submitted"."""
    if mark is None:
        return ""
    return NOT_SUBMITTED if mark.final is None else points(mark.final)


def write_table(header: list[str], rows: Iterable[list[object]], bom: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    return ("\ufeff" if bom else "") + out.getvalue()


def plain_csv(marks: ClassMarks, bom: bool = False) -> str:
    """student, [id, name, email,] one column per exercise (the points that count), total, max_total,
    raw_total (graded, before penalties and overrides), notes (what applied besides grading)."""
    roster = bool(marks.people)
    slugs = [slug for slug, _, _ in marks.exercises]
    header = ["student", *(ROSTER_COLUMNS if roster else ()), *slugs, "total", "max_total", "raw_total", "notes"]
    rows = []
    for s in marks.students:
        who = [s.person.id, s.person.name, s.person.email] if s.person else ["", "", ""]
        rows.append([s.student if s.submitted else "", *(who if roster else ()), *(mark_cell(s.mark(slug)) for slug in slugs),
                     points(s.total), points(marks.max_total), points(s.raw_total), s.notes()])
    return write_table(header, rows, bom)


def to_csv(rows: list[GradeRow], catalog_order: list[str], bom: bool = False) -> str:
    """The plain CSV of bare gradebook rows (no roster, no overrides)."""
    return plain_csv(class_marks(rows, catalog_order), bom)


def write_csv(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))
