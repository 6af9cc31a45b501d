"""What the gradebook keeps of each submission besides its grades: who it is, when it came, its code.

Written when a batch is planned (before anything is graded), read by the roster matching, the
deadlines and the similarity list:

- `students`: the layout a submission came in, the LMS id and name its file names carry, Canvas's
  LATE marker, and nbgrader's `timestamp.txt` of each assignment folder (as written; parsed with
  the course's time zone when deadlines apply);
- `sources`: each graded source once, by the hash the grade row names.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from grader.classroom import layouts
from grader.text import one_line

if TYPE_CHECKING:
    from grader.classroom.gradebook import Gradebook

# batch.Student and batch.Task, which import this module: read by their attributes.
Student = Any
Task = Any

MAX_TIMESTAMP_BYTES = 200


@dataclass(frozen=True)
class Known:
    """One row of `students`."""

    student: str
    layout: str
    lms_id: str = ""
    display: str = ""
    late_marker: bool = False
    times: tuple[tuple[str, str], ...] = ()  # (assignment folder or "", timestamp as written)


def nbgrader_times(path: Path) -> dict[str, str]:
    """{assignment folder: the first line of its timestamp.txt} of nbgrader's submitted/<student>/."""
    out: dict[str, str] = {}
    try:
        folders = sorted(p for p in path.iterdir() if p.is_dir() and not p.is_symlink())
    except OSError:
        return out
    for folder in folders:
        stamp = folder / "timestamp.txt"
        try:
            if stamp.is_symlink() or not stamp.is_file():
                continue
            with open(stamp, "rb") as f:
                text = f.read(MAX_TIMESTAMP_BYTES).decode("utf-8", "replace")
        except OSError:
            continue
        first = text.strip().splitlines()[0] if text.strip() else ""
        if first:
            out[folder.name] = one_line(first, 80)
    return out


def describe(student: Student) -> Known:
    info = student.info
    layout = info.layout if info is not None else layouts.kind_of(student.path)
    times = nbgrader_times(student.path) if layout == "nbgrader" else {}
    return Known(student.name, layout, info.lms_id if info else "", info.display if info else "",
                 bool(info.late_marker) if info else False, tuple(sorted(times.items())))


def note(gradebook: "Gradebook", students: Iterable[Student], tasks: Iterable[Task]) -> None:
    """Record who the planned students are and the code of each task (one transaction)."""
    if not gradebook.has_table("students"):
        return  # opened read-only on an older gradebook: nothing to keep
    now = time.strftime("%Y-%m-%dT%H:%M:%S")
    rows = [describe(st) for st in students]
    db = gradebook.db
    with gradebook.transaction():
        db.executemany("INSERT OR REPLACE INTO students VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [(k.student, k.layout, k.lms_id, k.display, int(k.late_marker), json.dumps(dict(k.times)), now)
                        for k in rows])
        db.executemany("INSERT OR IGNORE INTO sources VALUES (?, ?)",
                       [(t.submission_hash, t.source.code) for t in tasks if t.source.code is not None])


def known(gradebook: "Gradebook") -> dict[str, Known]:
    """Every row of `students` (empty for an older gradebook)."""
    if not gradebook.has_table("students"):
        return {}
    out = {}
    for student, layout, lms_id, display, late, times, _ in gradebook.db.execute("SELECT * FROM students"):
        try:
            stamps = json.loads(times)
        except ValueError:
            stamps = {}
        out[student] = Known(student, layout, lms_id or "", display or "", bool(late),
                             tuple(sorted((str(k), str(v)) for k, v in stamps.items())) if isinstance(stamps, dict) else ())
    return out


def sources(gradebook: "Gradebook", hashes: Iterable[str]) -> dict[str, bytes]:
    """submission_hash -> code, for those stored."""
    if not gradebook.has_table("sources"):
        return {}
    wanted = list(dict.fromkeys(hashes))
    out: dict[str, bytes] = {}
    for i in range(0, len(wanted), 500):  # SQLite's limit on parameters
        chunk = wanted[i:i + 500]
        cur = gradebook.db.execute(f"SELECT submission_hash, code FROM sources WHERE submission_hash IN "
                                   f"({', '.join('?' for _ in chunk)})", chunk)
        out.update({h: bytes(c) for h, c in cur})
    return out


def forget(gradebook: "Gradebook", student: str) -> None:
    """Drop the student's row of `students` (the caller holds a transaction)."""
    if gradebook.has_table("students"):
        gradebook.db.execute("DELETE FROM students WHERE student = ?", (student,))
