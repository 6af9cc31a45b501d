"""A small course handed in through every layout a real one meets: Canvas's and Moodle's downloads,
nbgrader's submitted/ folder, plain folders and zips; each with its roster, submission times and a
course file (due date, late policy, an extension).

The same four students everywhere:

- Ana hands in the references, on time;
- Ben hands in a mutant of the first exercise and the reference of the second, two days late;
- Cat hands in Ana's first solution with its names changed (nothing for the second), two days late
  with a three-day extension;
- Eve is on the roster and hands in nothing.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from grader.catalog import Exercise

DUE = "2025-03-07 23:59"
ON_TIME = "2025-03-07 20:00"
TWO_DAYS_LATE = "2025-03-09 10:00"
LAYOUTS = ("folders", "zips", "nbgrader", "canvas", "moodle")


@dataclass(frozen=True)
class Person:
    key: str  # folder name in the plain layouts
    name: str
    canvas_id: str
    moodle_id: str
    email: str

    @property
    def lastfirst(self) -> str:
        first, last = self.name.split()
        return f"{last}{first}".lower()


ANA = Person("ana", "Ana Lopez", "101", "5001", "ana@uni.example")
BEN = Person("ben", "Ben Smith", "102", "5002", "ben@uni.example")
CAT = Person("cat", "Cat Nguyen", "103", "5003", "cat@uni.example")
EVE = Person("eve", "Eve Doe", "104", "5004", "eve@uni.example")
PEOPLE = (ANA, BEN, CAT, EVE)
SUBMITTING = (ANA, BEN, CAT)
TIMES = {ANA: ON_TIME, BEN: TWO_DAYS_LATE, CAT: TWO_DAYS_LATE}


def renamed(code: bytes) -> bytes:
    """The same solution with every local name changed and the comments dropped: a copy in disguise."""
    text = code.decode()
    for old, new in (("m", "peak"), ("e", "expd")):  # locals only: the cases pass `axis` by name
        text = re.sub(rf"\b{old}\b", new, text)
    return re.sub(r"  # .*", "", text).encode()


@dataclass
class CourseClass:
    layout: str
    root: Path  # what grade-batch is pointed at
    course: Path
    exercises: list[Exercise]
    code: dict[tuple[Person, str], bytes] = field(default_factory=dict)

    def key(self, person: Person) -> str:
        """The gradebook's name for the person in this layout."""
        if self.layout == "canvas":
            return f"{person.lastfirst}_{person.canvas_id}"
        if self.layout == "moodle":
            return f"{person.name}_{person.moodle_id}"
        return person.key


def _notebook(code: bytes) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("My answer"), nbformat.v4.new_code_cell(code.decode())]
    return nbformat.writes(nb)


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def course_toml(roster: str, times: str | None, extra: str = "") -> str:
    files = f'[times]\nfiles = ["{times}"]\n' if times else ""
    return f'''[course]
name = "Transformers, spring"
timezone = "UTC"
roster = "{roster}"

[late]
per_day = 10
cap = 50
grace_minutes = 15

[[assignment]]
name = "Homework 1"
exercises = [EXERCISES]
due = "{DUE}"
canvas_column = "Homework 1 (4242)"
moodle_column = "Homework 1"

[[extension]]
student = "Cat Nguyen"
assignment = "Homework 1"
days = 3

{files}{extra}'''


def build(base: Path, layout: str, exercises: list[Exercise]) -> CourseClass:
    """The class in `layout` under `base` (a new folder): submissions, roster, times, course file."""
    base.mkdir(parents=True)
    first, second = exercises
    code = {
        (ANA, first.slug): first.reference_path.read_bytes(), (ANA, second.slug): second.reference_path.read_bytes(),
        (BEN, first.slug): first.mutant_paths[0].read_bytes(), (BEN, second.slug): second.reference_path.read_bytes(),
        (CAT, first.slug): renamed(first.reference_path.read_bytes()),
    }
    module = {ex.slug: ex.module for ex in exercises}
    klass = CourseClass(layout, base / "submissions", base / "course.toml", exercises, code)
    root = klass.root
    root.mkdir()
    native_roster = _csv([["submission", "id", "name", "email"]] +
                         [[p.key, f"S{p.canvas_id}", p.name, p.email] for p in PEOPLE])
    times_csv = _csv([["student", "submitted_at"]] + [[p.key, TIMES[p]] for p in SUBMITTING])
    roster, times = "roster.csv", "times.csv"
    if layout == "folders":
        for (p, slug), data in code.items():
            path = root / p.key / f"{module[slug]}.py"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        (base / roster).write_text(native_roster)
    elif layout == "zips":
        for p in SUBMITTING:
            with zipfile.ZipFile(root / f"{p.key}.zip", "w") as zf:
                for (q, slug), data in code.items():
                    if q == p:
                        zf.writestr(f"{p.key}/{module[slug]}.py", data)
        (base / roster).write_text(native_roster)
        # times by roster id, not by the zip's name
        times_csv = _csv([["student", "submitted_at"]] + [[f"S{p.canvas_id}", TIMES[p]] for p in SUBMITTING])
    elif layout == "nbgrader":
        klass.root = base / "course"
        for (p, slug), data in code.items():
            folder = klass.root / "submitted" / p.key / "ps1"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{module[slug]}.ipynb").write_text(_notebook(data), encoding="utf-8")
            (folder / "timestamp.txt").write_text(f"{TIMES[p]}:00.000000 UTC\n")  # nbgrader's own format
        root.rmdir()
        (base / roster).write_text(native_roster)
        times = None  # nbgrader's own timestamp.txt
    elif layout == "canvas":
        for (p, slug), data in code.items():
            late = "_LATE" if p is BEN else ""
            name = f"{module[slug]}.py" if slug == first.slug or p is not BEN else f"{module[slug]}-1.py"
            (root / f"{p.lastfirst}{late}_{p.canvas_id}_{9000 + int(p.canvas_id)}_{name}").write_bytes(data)
        (root / "grades-readme.txt").write_text("not a submission")
        # Canvas's own gradebook export is the roster; times by Canvas ID.
        (base / roster).write_text(_csv([["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Homework 1 (4242)"],
                                         ["    Points Possible", "", "", "", "", "20"]] +
                                        [[f"{p.name.split()[1]}, {p.name.split()[0]}", p.canvas_id, f"S{p.canvas_id}",
                                          p.email.split("@")[0], "Sec A", ""] for p in PEOPLE]))
        times_csv = _csv([["student", "submitted_at"]] + [[p.canvas_id, TIMES[p]] for p in SUBMITTING])
    elif layout == "moodle":
        for (p, slug), data in code.items():
            folder = root / f"{p.name}_{p.moodle_id}_assignsubmission_file_"
            folder.mkdir(exist_ok=True)
            (folder / f"{module[slug]}.py").write_bytes(data)
        (root / f"{ANA.name}_{ANA.moodle_id}_assignsubmission_onlinetext_").mkdir()
        # Moodle's grading worksheet: the roster and the submission times at once.
        roster = times = "worksheet.csv"
        moodle_time = {ON_TIME: "Friday, 7 March 2025, 8:00 PM", TWO_DAYS_LATE: "Sunday, 9 March 2025, 10:00 AM"}
        (base / roster).write_text(_csv(
            [["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade", "Grade can be changed",
              "Last modified (submission)", "Online text", "Last modified (grade)", "Feedback comments"]] +
            [[f"Participant {p.moodle_id}", p.name, p.email, "Submitted" if p in TIMES else "No submission", "", "20.00",
              "Yes", moodle_time[TIMES[p]] if p in TIMES else "-", "", "-", ""] for p in PEOPLE]))
    else:
        raise ValueError(layout)
    if times == "times.csv":
        (base / times).write_text(times_csv)
    text = course_toml(roster, times).replace("EXERCISES", ", ".join(f'"{ex.slug}"' for ex in exercises))
    klass.course.write_text(text)
    return klass
