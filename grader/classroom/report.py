"""A static HTML report of the class from the gradebook: charts as inline SVG, a page per student,
the similarity list with a side-by-side page per pair.

Templates live in site/templates/report/ and the stylesheet and the table's sort script in
site/static/report/; the output needs nothing from the network. The class table stays usable at
500 students x 64 exercises: it scrolls in its own box with the names, the header and the totals
kept in view, and sorts on any column (report.js; without scripts it is simply unsorted).
"""
from __future__ import annotations

import hashlib
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from grader.classroom.gradebook import GradeRow
from grader.classroom.locate import missing_message
from grader.classroom.marks import ClassMarks, StudentMarks, class_marks
from grader.classroom.similarity import Pair
from grader.fileio import write_bytes_atomic
from grader.text import printable

FIRST_WORDS = 5
BINS = 10
A_STUDENT = "(a student)"
STATIC = ("report.css", "report.js")


@dataclass
class ExerciseStats:
    slug: str
    title: str
    max_points: float
    students: int = 0  # students who handed something in
    passed: int = 0
    errors: int = 0
    not_submitted: int = 0
    mean_points: float = 0.0  # of the points that count, over those who handed something in
    common_failure: tuple[str, str, int] | None = None  # (case, example message, how many students)

    @property
    def pass_rate(self) -> float:
        return self.passed / self.students if self.students else 0.0


@dataclass
class StudentSummary:
    name: str  # the gradebook's name
    label: str  # the roster's name, else the gradebook's
    page: str
    points: float
    max_points: float
    marks: StudentMarks
    rows: list[GradeRow] = field(default_factory=list)

    @property
    def percent(self) -> float:
        return 100.0 * self.points / self.max_points if self.max_points else 0.0


def failure_key(message: str) -> str:
    """The message's first words with numbers blurred, so "max abs error 0.31 at (1, 2)" groups."""
    words = re.sub(r"\d+(\.\d+)?(e-?\d+)?", "#", message).split()
    return " ".join(words[:FIRST_WORDS])


def is_missing(row: GradeRow) -> bool:
    """Nothing handed in (also in a gradebook written before that was recorded)."""
    return row.missing or (not row.cases and bool(row.error) and missing_message(row.error or ""))


class Anonymiser:
    """Removes students' names from text meant to describe the class, not one student.

    A word of the text is replaced when it is one of the students' identifiers (gradebook name,
    the name a layout gave, roster id, e-mail, LMS id of 6 digits or more), or a capitalised word
    of someone's full name; lower-case words ("max abs error") and short numbers stay. Word by
    word, so 500 students cost a set lookup per word, not a 1,500-way pattern per message."""

    _WORD = re.compile(r"[^\s/\\:,;()'\"<>\[\]{}|=]+")

    def __init__(self, names: Iterable[str], full_names: Iterable[str] = ()) -> None:
        self.exact: set[str] = set()
        for n in names:
            for part in [n, *n.split()]:
                if len(part) >= 2 and (not part.isdigit() or len(part) >= 6):
                    self.exact.add(part)
        self.capitalised = {w for n in full_names for w in n.split() if len(w) >= 2 and w[0].isupper()}

    def _word(self, match: re.Match[str]) -> str:
        word = match.group()
        bare = word.rstrip(".!?")
        if bare in self.exact or bare in self.capitalised:
            return A_STUDENT + word[len(bare):]
        return word

    def __call__(self, text: str) -> str:
        return self._WORD.sub(self._word, text) if self.exact or self.capitalised else text


def most_common_failure(rows: list[GradeRow], anonymise: Anonymiser | None = None) -> tuple[str, str, int] | None:
    """(case name, an example message naming no student, students) of the commonest (case, first words)
    failure; missing submissions are not failures and are not counted."""
    anonymise = anonymise or Anonymiser(r.student for r in rows)
    counts: Counter[tuple[str, str]] = Counter()
    example: dict[tuple[str, str], str] = {}
    for row in rows:
        if is_missing(row):
            continue
        seen: set[tuple[str, str]] = set()
        if row.error and not any(c.passed for c in row.cases):
            message = anonymise(row.error)
            key = ("(whole exercise)", failure_key(message))
            seen.add(key)
            example.setdefault(key, message)
        else:
            for case in row.cases:
                if not case.passed:
                    message = anonymise(case.message)
                    key = (case.name, failure_key(message))
                    seen.add(key)
                    example.setdefault(key, message)
        counts.update(seen)  # a student counts once per kind of failure
    if not counts:
        return None
    (case, words), n = max(counts.items(), key=lambda kv: (kv[1], kv[0][0] != "(whole exercise)"))
    return case, example[(case, words)], n


def page_name(student: str) -> str:
    """A safe, unique file name for a student's page."""
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", student).strip("-")[:40] or "student"
    return f"{safe}-{hashlib.sha256(student.encode()).hexdigest()[:8]}.html"


def anonymiser(marks: ClassMarks) -> Anonymiser:
    ids, full = [], []
    for s in marks.students:
        ids += [s.student]
        full += [s.label, s.student]
        if s.person:
            ids += [s.person.id, s.person.email, s.person.submission, s.person.lms_id]
            full += [s.person.name]
        if s.known:
            ids += [s.known.display, s.known.lms_id]
            full += [s.known.display]
    return Anonymiser([i for i in ids if i], [f for f in full if f])


def class_stats(rows: list[GradeRow], catalog_order: list[str],
                marks: ClassMarks | None = None) -> tuple[list[ExerciseStats], list[StudentSummary]]:
    marks = marks or class_marks(rows, catalog_order)
    anonymise = anonymiser(marks)
    by_ex: dict[str, list[GradeRow]] = {slug: [] for slug, _, _ in marks.exercises}
    for r in rows:
        by_ex.setdefault(r.exercise, []).append(r)
    stats = []
    for slug, title, mx in marks.exercises:
        handed = [r for r in by_ex[slug] if not is_missing(r)]
        finals = [m.final or 0.0 for s in marks.students if (m := s.mark(slug)) is not None and not m.missing]
        st = ExerciseStats(slug, title, mx, students=len(handed), passed=sum(r.status == "passed" for r in handed),
                           errors=sum(r.status == "error" for r in handed),
                           not_submitted=sum(1 for s in marks.students if (m := s.mark(slug)) is not None and m.missing),
                           mean_points=sum(finals) / len(finals) if finals else 0.0)
        st.common_failure = most_common_failure(by_ex[slug], anonymise)
        stats.append(st)
    own: dict[str, list[GradeRow]] = {}
    for r in rows:
        own.setdefault(r.student, []).append(r)
    order = {slug: i for i, (slug, _, _) in enumerate(marks.exercises)}
    students = [StudentSummary(s.student, s.label, page_name(s.student), s.total, s.max_total, s,
                               sorted(own.get(s.student, []), key=lambda r: order.get(r.exercise, 0)))
                for s in marks.students]
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
    env.filters["pts"] = lambda v: "" if v is None else f"{round(float(v), 2):g}"
    env.filters["case_rows"] = case_rows
    return env


def case_rows(cases: Iterable, passed_word: str = "✔", failed_word: str = "✘"):
    """The <tr> rows of a case table, built here rather than in the template: 500 students x 64
    exercises make a few hundred thousand rows, and this is several times faster (same escaping)."""
    from markupsafe import Markup, escape

    out = []
    for c in cases:
        ok = bool(c.passed)
        out.append(f'<tr class="{"passed" if ok else "failed"}"><td><code>{escape(printable(c.name))}</code></td>'
                   f'<td>{passed_word if ok else failed_word}</td><td>{escape(printable(c.message))}</td></tr>')
    return Markup("\n".join(out))


@dataclass
class SideBySide:
    pair: Pair
    page: str
    label_a: str
    label_b: str
    lines_a: list[tuple[int, str, bool]]  # (number, text, matched)
    lines_b: list[tuple[int, str, bool]]


def _side(code: bytes, matched: list[int]) -> list[tuple[int, str, bool]]:
    hit = set(matched)
    return [(n, line, n in hit) for n, line in enumerate(code.decode("utf-8", "replace").splitlines(), start=1)]


def side_by_side(pairs: list[Pair], codes: dict[tuple[str, str], bytes], labels: dict[str, str]) -> list[SideBySide]:
    out = []
    for i, p in enumerate(pairs):
        a, b = codes.get((p.a, p.exercise)), codes.get((p.b, p.exercise))
        if a is None or b is None:
            continue
        out.append(SideBySide(p, f"{p.exercise}-{i + 1}.html", labels.get(p.a, p.a), labels.get(p.b, p.b),
                              _side(a, p.lines_a), _side(b, p.lines_b)))
    return out


def build_report(out: Path, rows: list[GradeRow], catalog_order: list[str], site_root: Path,
                 gradebook_name: str = "gradebook", marks: ClassMarks | None = None,
                 pairs: list[Pair] | None = None, codes: dict[tuple[str, str], bytes] | None = None,
                 notes: list[str] | None = None) -> list[Path]:
    """Write index.html, students/<page>.html, similar/<pair>.html and the static files; returns the pages."""
    import time

    marks = marks or class_marks(rows, catalog_order)
    stats, students = class_stats(rows, catalog_order, marks)
    labels = {s.name: s.label for s in students}
    pages = {s.name: s.page for s in students}
    views = side_by_side(pairs or [], codes or {}, labels)
    env = _environment(site_root / "templates")
    common = {"generated": time.strftime("%Y-%m-%d %H:%M"), "gradebook": gradebook_name}
    written = []
    index = env.get_template("report/index.html").render(
        exercises=stats, students=students, bins=histogram(students), root="", **common,
        isolations=isolation_summary(rows), similar=views, pages=pages, notes=notes or [],
        roster=bool(marks.people), max_total=marks.max_total,
        mean_percent=sum(s.percent for s in students) / len(students) if students else 0.0)
    write_bytes_atomic(out / "index.html", index.encode("utf-8"))
    written.append(out / "index.html")
    titles = {s.slug: s.title for s in stats}
    page = env.get_template("report/student.html")
    for s in students:
        path = out / "students" / s.page
        write_bytes_atomic(path, page.render(student=s, titles=titles, root="../", **common).encode("utf-8"))
        written.append(path)
    pair_page = env.get_template("report/similar.html")
    for view in views:
        path = out / "similar" / view.page
        write_bytes_atomic(path, pair_page.render(view=view, titles=titles, pages=pages, root="../", **common)
                           .encode("utf-8"))
        written.append(path)
    (out / "static").mkdir(parents=True, exist_ok=True)
    for name in STATIC:
        shutil.copyfile(site_root / "static" / "report" / name, out / "static" / name)
    return written
