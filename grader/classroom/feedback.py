"""Feedback to hand back: one self-contained page (and a zip of it) per student.

Each page holds that student's points and what applied (late penalty, override), the
instructor's comments, and per hidden case the verdict and the first difference, exactly as
`dojo grade` words it (hidden inputs are never printed). It holds nothing about other students and
links nowhere: the stylesheet is inlined, there is no script and no link back to the class
report, so it can be mailed or uploaded as it is. `manifest.csv` (for the instructor, not to
hand back) lists who gets which file, with their roster id and e-mail for a mail merge.
"""
from __future__ import annotations

import hashlib
import re
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from grader.classroom.export import write_table
from grader.classroom.marks import ClassMarks, StudentMarks
from grader.fileio import write_bytes_atomic

FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # the same feedback gives the same zip


@dataclass(frozen=True)
class Handed:
    student: str
    page: Path
    archive: Path | None


def file_stem(student: StudentMarks) -> str:
    """A readable, unique file name: the student's name, and a hash of their gradebook name."""
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", student.label).strip("-")[:40] or "student"
    return f"{safe}-{hashlib.sha256(student.student.encode()).hexdigest()[:8]}"


def render(student: StudentMarks, site_root: Path, course_name: str = "", generated: str | None = None) -> str:
    from grader.classroom.report import _environment

    env = _environment(site_root / "templates")
    css = (site_root / "static" / "report" / "feedback.css").read_text(encoding="utf-8")
    return env.get_template("report/feedback.html").render(
        student=student, course_name=course_name, css=css, generated=generated or time.strftime("%Y-%m-%d %H:%M"))


def write_feedback(out: Path, marks: ClassMarks, site_root: Path, course_name: str = "",
                   only: set[str] | None = None, zips: bool = True) -> list[Handed]:
    """Write OUT/<name>.html (and .zip) for each student (those in `only`, if given), and manifest.csv."""
    generated = time.strftime("%Y-%m-%d %H:%M")
    handed = []
    for s in marks.students:
        if only is not None and s.student not in only:
            continue
        stem = file_stem(s)
        html = render(s, site_root, course_name, generated).encode("utf-8")
        page = out / f"{stem}.html"
        write_bytes_atomic(page, html)
        archive = None
        if zips:
            archive = out / f"{stem}.zip"
            tmp = archive.with_name(f".{archive.name}.partial")
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
                info = zipfile.ZipInfo("feedback.html", date_time=FIXED_TIME)
                info.external_attr = 0o100644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, html)
            tmp.replace(archive)
        handed.append(Handed(s.student, page, archive))
    rows = []
    by = marks.by_student()
    for h in handed:
        s = by[h.student]
        rows.append([s.student if s.submitted else "", s.person.id if s.person else "", s.label,
                     s.person.email if s.person else "", h.page.name, h.archive.name if h.archive else ""])
    write_bytes_atomic(out / "manifest.csv",
                       write_table(["student", "id", "name", "email", "page", "zip"], rows).encode("utf-8"))
    return handed
