"""A static HTML report of the class from the gradebook: charts as inline SVG, a page per student.

Templates live in site/templates/report/ and the stylesheet in site/static/report/; the output
needs nothing from the network.
"""
from __future__ import annotations

import hashlib
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from grader.classroom.export import exercise_order
from grader.fileio import write_bytes_atomic
from grader.text import printable
from grader.classroom.gradebook import GradeRow, iter_students

FIRST_WORDS = 5
BINS = 10


@dataclass
class ExerciseStats:
    slug: str
    title: str
    max_points: float
    students: int = 0
    passed: int = 0
    errors: int = 0
    mean_points: float = 0.0
    common_failure: tuple[str, str, int] | None = None  # (case, example message, how many students)

    @property
    def pass_rate(self) -> float:
        return self.passed / self.students if self.students else 0.0


@dataclass
class StudentSummary:
    name: str
    page: str
    points: float
    max_points: float
    rows: list[GradeRow] = field(default_factory=list)

    @property
    def percent(self) -> float:
        return 100.0 * self.points / self.max_points if self.max_points else 0.0


def failure_key(message: str) -> str:
    """The message's first words with numbers blurred, so "max abs error 0.31 at (1, 2)" groups."""
    words = re.sub(r"\d+(\.\d+)?(e-?\d+)?", "#", message).split()
    return " ".join(words[:FIRST_WORDS])


def most_common_failure(rows: list[GradeRow]) -> tuple[str, str, int] | None:
    """(case name, an example message, students) of the commonest (case, first words) failure."""
    counts: Counter[tuple[str, str]] = Counter()
    example: dict[tuple[str, str], str] = {}
    for row in rows:
        seen: set[tuple[str, str]] = set()
        if row.error and not any(c.passed for c in row.cases):
            key = ("(whole exercise)", failure_key(row.error))
            seen.add(key)
            example.setdefault(key, row.error)
        else:
            for case in row.cases:
                if not case.passed:
                    key = (case.name, failure_key(case.message))
                    seen.add(key)
                    example.setdefault(key, case.message)
        counts.update(seen)  # a student counts once per kind of failure
    if not counts:
        return None
    (case, words), n = max(counts.items(), key=lambda kv: (kv[1], kv[0][0] != "(whole exercise)"))
    return case, example[(case, words)], n


def page_name(student: str) -> str:
    """A safe, unique file name for a student's page."""
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", student).strip("-")[:40] or "student"
    return f"{safe}-{hashlib.sha256(student.encode()).hexdigest()[:8]}.html"


def class_stats(rows: list[GradeRow], catalog_order: list[str]) -> tuple[list[ExerciseStats], list[StudentSummary]]:
    order = exercise_order(rows, catalog_order)
    by_ex: dict[str, list[GradeRow]] = {slug: [] for slug in order}
    for r in rows:
        by_ex[r.exercise].append(r)
    stats = []
    for slug in order:
        own = by_ex[slug]
        st = ExerciseStats(slug, own[-1].title, own[-1].max_points, students=len(own),
                           passed=sum(r.status == "passed" for r in own), errors=sum(r.status == "error" for r in own),
                           mean_points=sum(r.points for r in own) / len(own))
        st.common_failure = most_common_failure(own)
        stats.append(st)
    max_total = sum(s.max_points for s in stats)
    students = [StudentSummary(name, page_name(name), round(sum(r.points for r in own), 2), max_total,
                               sorted(own, key=lambda r: order.index(r.exercise)))
                for name, own in iter_students(rows)]
    return stats, students


def isolation_summary(rows: list[GradeRow]) -> list[tuple[str, int, bool]]:
    """(isolation, grades under it, whether it protects the references) for every isolation in the rows."""
    from grader.sandbox.isolation import PROTECTIVE_MODES

    counts = Counter(r.isolation for r in rows if r.isolation)
    return [(name, n, name.split(" ", 1)[0] in PROTECTIVE_MODES) for name, n in sorted(counts.items())]


def histogram(students: list[StudentSummary]) -> list[tuple[str, int]]:
    """Students per score band of 10 % (100 % falls in the last band)."""
    counts = [0] * BINS
    for s in students:
        counts[min(BINS - 1, int(s.percent // (100 / BINS)))] += 1
    return [(f"{i * 100 // BINS}–{(i + 1) * 100 // BINS}%", n) for i, n in enumerate(counts)]


def _environment(templates: Path):
    import jinja2

    # finalize: every plain string a page shows (student names, feedback, printed output) loses its
    # control characters before autoescaping; markup the templates build themselves is left alone.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)),
                             autoescape=jinja2.select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True,
                             finalize=lambda value: printable(value) if type(value) is str else value)
    return env


def build_report(out: Path, rows: list[GradeRow], catalog_order: list[str], site_root: Path,
                 gradebook_name: str = "gradebook") -> list[Path]:
    """Write index.html, students/<page>.html and the stylesheet; returns the pages written."""
    import time

    stats, students = class_stats(rows, catalog_order)
    env = _environment(site_root / "templates")
    common = {"generated": time.strftime("%Y-%m-%d %H:%M"), "gradebook": gradebook_name}
    written = []
    index = env.get_template("report/index.html").render(
        exercises=stats, students=students, bins=histogram(students), root="", **common,
        isolations=isolation_summary(rows),
        mean_percent=sum(s.percent for s in students) / len(students) if students else 0.0)
    write_bytes_atomic(out / "index.html", index.encode("utf-8"))
    written.append(out / "index.html")
    titles = {s.slug: s.title for s in stats}
    page = env.get_template("report/student.html")
    for s in students:
        path = out / "students" / s.page
        write_bytes_atomic(path, page.render(student=s, titles=titles, root="../", **common).encode("utf-8"))
        written.append(path)
    css = site_root / "static" / "report" / "report.css"
    (out / "static").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(css, out / "static" / "report.css")
    return written
