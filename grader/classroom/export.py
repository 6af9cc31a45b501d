"""The gradebook as a CSV a spreadsheet or an LMS can import: one row per student."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from grader.fileio import write_bytes_atomic
from grader.text import one_line
from grader.classroom.gradebook import GradeRow, iter_students


def exercise_order(rows: list[GradeRow], catalog_order: list[str]) -> list[str]:
    """Exercises in catalog order; any the catalog no longer has go last, by name."""
    present = {r.exercise for r in rows}
    known = [slug for slug in catalog_order if slug in present]
    return known + sorted(present - set(known))


def to_csv(rows: list[GradeRow], catalog_order: list[str]) -> str:
    """student, one column of points per exercise (blank: never graded), total, max_total."""
    exercises = exercise_order(rows, catalog_order)
    max_points = {r.exercise: r.max_points for r in rows}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", *exercises, "total", "max_total"])
    for student, own in iter_students(rows):
        by_ex = {r.exercise: r for r in own}
        cells = [f"{by_ex[e].points:g}" if e in by_ex else "" for e in exercises]
        total = sum(r.points for r in own)
        writer.writerow([one_line(student), *cells, f"{round(total, 2):g}", f"{sum(max_points.values()):g}"])
    return out.getvalue()


def write_csv(path: Path, rows: list[GradeRow], catalog_order: list[str]) -> None:
    write_bytes_atomic(path, to_csv(rows, catalog_order).encode("utf-8"))
