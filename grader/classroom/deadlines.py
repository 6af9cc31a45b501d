"""Submission times, due dates (with extensions) and the late penalty of every grade.

Times come from, most specific first: a times file named by the course (a CSV `student,
submitted_at[, exercise or assignment]`, or Moodle's grading worksheet with its "Last modified
(submission)" column), then nbgrader's `timestamp.txt` of the assignment folder the code came from.
Canvas's download carries no times, only a LATE marker in the file names: such a grade says Canvas
marked it late and that no penalty could be computed without a time.

The penalty is `per_day` percent for each started day after the due date (nothing within the
grace period), at most `cap` percent, taken off the graded (raw) points. The gradebook keeps both,
and the words saying which rule applied (`late_note`). Re-running the batch with a changed course
file (an extension granted) updates every grade's penalty without grading anything again.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from grader.classroom.course import Course, parse_time, show_time
from grader.classroom.identity import Known
from grader.classroom.roster import Found, Matching, Person, match, names_person
from grader.errors import UsageError
from grader.text import one_line

if TYPE_CHECKING:
    from grader.classroom.gradebook import Gradebook, GradeRow

MAX_TIMES_BYTES = 16 * 1024 * 1024
LATE_COLUMNS = ("submitted_at", "time_source", "due_at", "late_penalty", "penalised_points", "late_note")


class TimesError(UsageError):
    """A times file cannot be used; the message names the file and the line."""


@dataclass(frozen=True)
class Stamp:
    """One submission time from a times file."""

    who: str  # a submission name, roster id, name or e-mail; "lms:<n>" for an LMS participant number
    scope: str  # "" (every exercise), an exercise slug or an assignment name
    when: dt.datetime
    source: str  # the file, in words


def _rows(path: Path) -> list[list[str]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TimesError(f"{path}: cannot be read ({exc.strerror})") from None
    if len(data) > MAX_TIMES_BYTES:
        raise TimesError(f"{path}: larger than {MAX_TIMES_BYTES // (1024 * 1024)} MiB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", "replace")
    first = text.split("\n", 1)[0]
    return list(csv.reader(io.StringIO(text), delimiter=max(",;\t", key=first.count) if first else ","))


def read_times(path: Path, tz: dt.tzinfo) -> list[Stamp]:
    """Every submission time of a times file; TimesError naming file and line if one cannot be read."""
    rows = _rows(path)
    if not rows:
        raise TimesError(f"{path}: empty, expected a header (student,submitted_at[,exercise])")
    header = [re.sub(r"[\s_]+", " ", h.strip().lower()) for h in rows[0]]
    at = {h: i for i, h in enumerate(header)}
    moodle = "identifier" in at and "last modified (submission)" in at
    if moodle:
        who_col, time_col, scope_col = at["identifier"], at["last modified (submission)"], None
    else:
        who_col = next((at[h] for h in ("student", "submission", "id", "email", "name") if h in at), None)
        time_col = next((at[h] for h in ("submitted at", "submitted", "time", "timestamp", "submission time") if h in at), None)
        scope_col = next((at[h] for h in ("exercise", "assignment") if h in at), None)
        if who_col is None or time_col is None:
            raise TimesError(f"{path}: line 1: expected columns student and submitted_at (found: {', '.join(header)})")
    out = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        cell = lambda i: row[i].strip() if i is not None and i < len(row) else ""  # noqa: E731
        who, when = cell(who_col), cell(time_col)
        if moodle:
            if not when or when == "-":
                continue  # Moodle: nothing submitted
            number = re.sub(r"\D", "", who)
            if not number:
                raise TimesError(f"{path}: line {n}: Identifier {who!r} holds no participant number")
            who = f"lms:{number}"
        if not who:
            raise TimesError(f"{path}: line {n}: no student")
        try:
            stamp = parse_time(when, tz)
        except ValueError as exc:
            raise TimesError(f"{path}: line {n}: {exc}") from None
        out.append(Stamp(one_line(who, 200), one_line(cell(scope_col), 200), stamp,
                         "Moodle's grading worksheet" if moodle else path.name))
    return out


# ---------------------------------------------------------------- the penalty


@dataclass(frozen=True)
class Late:
    """What the deadline did to one grade."""

    submitted_at: str | None
    time_source: str | None
    due_at: str | None
    penalty: float | None  # fraction taken off; None: no deadline applied
    note: str


def penalty_fraction(submitted: dt.datetime, due: dt.datetime, course: Course) -> tuple[float, int]:
    """(fraction taken off, days late counted) under the course's policy."""
    late = submitted - due
    policy = course.late
    if late <= dt.timedelta(0) or policy is None:
        return 0.0, 0 if late <= dt.timedelta(0) else math.ceil(late / dt.timedelta(days=1))
    if late <= dt.timedelta(minutes=policy.grace_minutes):
        return 0.0, 0
    days = math.ceil(late / dt.timedelta(days=1))
    return min(policy.cap, policy.per_day * days) / 100.0, days


class Deadlines:
    """The due date, submission time and penalty of each (student, exercise)."""

    def __init__(self, course: Course, stamps: list[Stamp], people: list[Person], known: dict[str, Known]) -> None:
        self.course = course
        self.known = known
        self.matching: Matching = match(people, [Found(k.student, k.lms_id, k.display) for k in known.values()])
        self.people = people
        self._resolved: dict[str, set[str]] = {}
        self._stamps: dict[str, list[Stamp]] = {}
        for stamp in stamps:
            for student in self.resolve(stamp.who):
                self._stamps.setdefault(student, []).append(stamp)

    def resolve(self, who: str) -> set[str]:
        """The gradebook students a name in a course or times file stands for."""
        if who not in self._resolved:
            self._resolved[who] = self._resolve(who)
        return self._resolved[who]

    def _resolve(self, who: str) -> set[str]:
        if who.startswith("lms:"):
            return {k.student for k in self.known.values() if k.lms_id == who[4:]}
        if who in self.known:
            return {who}
        people = [p for p in self.people if names_person(p, who)]
        return {s for s, p in self.matching.by_student.items() if p in people}

    def due(self, student: str, slug: str) -> tuple[dt.datetime | None, str]:
        """The due date in force and, if an extension set it, words saying so."""
        base = self.course.base_due(slug)
        assignment = self.course.assignment_of(slug)
        best = None
        for ext in self.course.extensions:
            if student not in self.resolve(ext.student):
                continue
            if ext.exercise and ext.exercise != slug:
                continue
            if ext.assignment and (assignment is None or ext.assignment != assignment.name):
                continue
            rank = 2 if ext.exercise else 1 if ext.assignment else 0
            if best is None or rank >= best[0]:
                best = (rank, ext)
        if best is None:
            return base, ""
        ext = best[1]
        if ext.due is not None:
            return ext.due, "extension"
        if base is None:
            return None, ""
        return base + dt.timedelta(days=ext.days), f"extension of {ext.days:g} day(s)"

    def submitted(self, row: "GradeRow") -> tuple[dt.datetime | None, str]:
        """When the row's code was handed in, and where that time comes from."""
        assignment = self.course.assignment_of(row.exercise)
        stamps = self._stamps.get(row.student, [])
        for scope in (row.exercise, assignment.name if assignment else None, ""):
            hits = [s for s in stamps if scope is not None and s.scope == scope]
            if hits:
                latest = max(hits, key=lambda s: s.when)
                return latest.when, latest.source
        known = self.known.get(row.student)
        if known is not None and known.times:
            times = dict(known.times)
            parts = row.origin.split("/")
            text = times.get(parts[1]) if len(parts) > 2 else None
            if text is None and len(times) == 1:
                text = next(iter(times.values()))
            if text is not None:
                try:
                    return parse_time(text, self.course.tz), "nbgrader's timestamp.txt"
                except ValueError:
                    return None, f"nbgrader's timestamp.txt cannot be read ({one_line(text, 40)})"
        return None, ""

    def late(self, row: "GradeRow") -> Late:
        if row.missing:
            return Late(None, None, None, None, "")
        due, why = self.due(row.student, row.exercise)
        when, source = self.submitted(row)
        shown = show_time(when, self.course.tz) if when else None
        if due is None:
            return Late(shown, source or None, None, None, "no due date")
        due_words = f"due {show_time(due, self.course.tz)}" + (f" ({why})" if why else "")
        if when is None:
            marker = self.known.get(row.student)
            if marker is not None and marker.late_marker:
                return Late(None, "Canvas's LATE marker", show_time(due, self.course.tz), None,
                            f"{due_words}; Canvas marked it late but gave no time, so no penalty was applied "
                            "(give the time in a times file)")
            return Late(None, source or None, show_time(due, self.course.tz), None,
                        f"{due_words}; submission time unknown{f' ({source})' if source else ''}: no penalty applied")
        fraction, days = penalty_fraction(when, due, self.course)
        base = f"submitted {shown} ({source}), {due_words}"
        if days == 0:
            grace = when > due
            return Late(shown, source, show_time(due, self.course.tz), 0.0,
                        f"{base}: on time{' (within the grace period)' if grace else ''}")
        if self.course.late is None:
            return Late(shown, source, show_time(due, self.course.tz), 0.0,
                        f"{base}: {days} day(s) late, no late policy: no penalty")
        return Late(shown, source, show_time(due, self.course.tz), fraction,
                    f"{base}: {days} day(s) late, -{100 * fraction:g}% ({self.course.late.words()})")

    def adjust(self, row: "GradeRow") -> "GradeRow":
        """The row with its deadline fields set (Gradebook.adjust)."""
        late = self.late(row)
        penalised = None if late.penalty is None else round(row.points * (1.0 - late.penalty), 2)
        return replace(row, submitted_at=late.submitted_at, time_source=late.time_source, due_at=late.due_at,
                       late_penalty=late.penalty, penalised_points=penalised, late_note=late.note or None)


def clear(row: "GradeRow") -> "GradeRow":
    """The row with no deadline applied."""
    return replace(row, submitted_at=None, time_source=None, due_at=None, late_penalty=None, penalised_points=None,
                   late_note=None)


def refresh(gradebook: "Gradebook", adjust) -> int:
    """Apply `adjust` to every stored grade, changing only the deadline columns; returns how many changed."""
    changed = 0
    rows = gradebook.rows()
    with gradebook.transaction():
        for row in rows:
            new = adjust(row)
            if any(getattr(new, c) != getattr(row, c) for c in LATE_COLUMNS):
                gradebook.db.execute(
                    f"UPDATE grades SET {', '.join(f'{c} = ?' for c in LATE_COLUMNS)} WHERE student = ? AND exercise = ?",
                    (*(getattr(new, c) for c in LATE_COLUMNS), row.student, row.exercise))
                changed += 1
    return changed


def unresolved(deadlines: Deadlines, names: Iterable[str]) -> list[str]:
    """The names (of extensions, times) that stand for no student of the gradebook."""
    return [n for n in names if not deadlines.resolve(n)]
