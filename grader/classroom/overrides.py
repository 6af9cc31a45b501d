"""Instructors' overrides and comments, and removing a student: kept in an append-only log.

`dojo gradebook override STUDENT SLUG POINTS --comment ...` sets the points that count for one
grade; without POINTS it adds a comment only; `--clear` takes the override back. Each is a new
entry of the gradebook's `overrides` table, never an edit, so the history of who was given what
stays. Grades live in their own table: a later regrade replaces the graded points and leaves the
override in force; the batch and every output say when the graded points moved since the override
was made (`drift`), instead of silently keeping or dropping it.

`dojo gradebook remove STUDENT` moves the student's grades to `history` (nothing recorded is lost),
drops their retry counts and what the layout said of them, and logs the removal: their overrides
no longer apply.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from grader.classroom import identity
from grader.errors import UsageError
from grader.text import one_line

if TYPE_CHECKING:
    from grader.classroom.gradebook import Gradebook

MAX_COMMENT = 2000


@dataclass(frozen=True)
class Entry:
    seq: int
    student: str
    exercise: str
    action: str  # override, comment, clear, remove
    points: float | None
    comment: str
    raw_points: float | None
    created_at: str


@dataclass
class State:
    """Where the log leaves one (student, exercise)."""

    points: float | None = None  # the override in force, if any
    raw_at_override: float | None = None  # the graded points when it was made
    set_at: str = ""
    comments: list[tuple[str, str]] = field(default_factory=list)  # (created_at, text), oldest first


def log(gradebook: "Gradebook") -> list[Entry]:
    """Every entry, oldest first (empty for an older gradebook)."""
    if not gradebook.has_table("overrides"):
        return []
    cur = gradebook.db.execute("SELECT seq, student, exercise, action, points, comment, raw_points, created_at "
                               "FROM overrides ORDER BY seq")
    return [Entry(*row) for row in cur]


def current(gradebook: "Gradebook") -> dict[tuple[str, str], State]:
    """(student, exercise) -> the overrides and comments in force."""
    states: dict[tuple[str, str], State] = {}
    for e in log(gradebook):
        if e.action == "remove":
            for key in [k for k in states if k[0] == e.student]:
                del states[key]
            continue
        st = states.setdefault((e.student, e.exercise), State())
        if e.action == "override":
            st.points, st.raw_at_override, st.set_at = e.points, e.raw_points, e.created_at
        elif e.action == "clear":
            st.points, st.raw_at_override, st.set_at = None, None, ""
        if e.comment:
            st.comments.append((e.created_at, e.comment))
    return {k: v for k, v in states.items() if v.points is not None or v.comments}


def _graded(gradebook: "Gradebook", student: str, exercise: str) -> tuple[float, float] | None:
    row = gradebook.db.execute("SELECT points, max_points FROM grades WHERE student = ? AND exercise = ?",
                               (student, exercise)).fetchone()
    return (float(row[0]), float(row[1])) if row else None


def _exercise_max(gradebook: "Gradebook", exercise: str) -> float | None:
    row = gradebook.db.execute("SELECT MAX(max_points) FROM grades WHERE exercise = ?", (exercise,)).fetchone()
    return float(row[0]) if row and row[0] is not None else None


def add(gradebook: "Gradebook", student: str, exercise: str, points: float | None, comment: str,
        clear: bool = False) -> Entry:
    """Log an override (points), a comment (no points) or a clear; UsageError if it makes no sense."""
    comment = one_line(comment, MAX_COMMENT).strip() if comment else ""
    max_points = _exercise_max(gradebook, exercise)
    if max_points is None:
        known = [r[0] for r in gradebook.db.execute("SELECT DISTINCT exercise FROM grades ORDER BY exercise")]
        raise UsageError(f"no grade of exercise {exercise!r} in {gradebook.path} "
                         f"(exercises graded: {', '.join(known) or 'none'})")
    if clear and points is not None:
        raise UsageError("give POINTS or --clear, not both")
    if points is None and not clear and not comment:
        raise UsageError("give POINTS, --comment TEXT or --clear")
    if points is not None and not 0 <= points <= max_points:
        raise UsageError(f"{points:g} points is outside 0 to {max_points:g}, the points of {exercise}")
    graded = _graded(gradebook, student, exercise)
    if clear and (student, exercise) not in {k for k, v in current(gradebook).items() if v.points is not None}:
        raise UsageError(f"{student} / {exercise} has no override to clear")
    action = "clear" if clear else "override" if points is not None else "comment"
    now = time.strftime("%Y-%m-%dT%H:%M:%S")
    with gradebook.transaction():
        cur = gradebook.db.execute(
            "INSERT INTO overrides (student, exercise, action, points, comment, raw_points, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", (student, exercise, action, points, comment,
                                             graded[0] if graded else None, now))
    return Entry(int(cur.lastrowid or 0), student, exercise, action, points, comment, graded[0] if graded else None, now)


def remove_student(gradebook: "Gradebook", student: str) -> int:
    """Move the student's grades to history and log the removal; returns how many grades moved."""
    now = time.strftime("%Y-%m-%dT%H:%M:%S")
    db = gradebook.db
    with gradebook.transaction():
        n = int(db.execute("SELECT COUNT(*) FROM grades WHERE student = ?", (student,)).fetchone()[0])
        db.execute("INSERT INTO history SELECT * FROM grades WHERE student = ?", (student,))
        db.execute("DELETE FROM grades WHERE student = ?", (student,))
        db.execute("DELETE FROM failures WHERE student = ?", (student,))
        identity.forget(gradebook, student)
        db.execute("INSERT INTO overrides (student, exercise, action, points, comment, raw_points, created_at) "
                   "VALUES (?, '*', 'remove', NULL, ?, NULL, ?)", (student, f"removed {n} grade(s)", now))
    return n


def drift(gradebook: "Gradebook") -> list[tuple[str, str, float, float | None, float]]:
    """(student, exercise, override, graded then, graded now) where a regrade moved the graded points
    under an override that stays in force."""
    graded = {(s, e): p for s, e, p in gradebook.db.execute("SELECT student, exercise, points FROM grades")}
    out = []
    for (student, exercise), st in sorted(current(gradebook).items()):
        now = graded.get((student, exercise))
        if st.points is not None and now is not None and st.raw_at_override is not None and now != st.raw_at_override:
            out.append((student, exercise, st.points, st.raw_at_override, now))
    return out
