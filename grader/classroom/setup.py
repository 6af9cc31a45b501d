"""What a course brings to `dojo grade-batch`: the roster, the course file, `--students`.

The roster and the course file given to a run are stored in the gradebook (the roster's rows, the
course file's text, the submission times read from its times files), so a later run, an export or
a report needs neither again; giving them again replaces what is stored. Deadlines are applied to
every grade each run (an extension granted since is in force at once, without regrading).
"""
from __future__ import annotations

import datetime as dt
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from grader.catalog import Catalog
from grader.classroom import identity, overrides, roster
from grader.classroom.course import Course, CourseError, course_from, load_course
from grader.classroom.deadlines import Deadlines, Stamp, clear, read_times, refresh, unresolved
from grader.classroom.roster import Found, Person
from grader.errors import UsageError

if TYPE_CHECKING:
    from grader.classroom.batch import BatchSummary, Student
    from grader.classroom.gradebook import Gradebook

META_COURSE = "course.toml"
META_COURSE_PATH = "course.path"
META_TIMES = "course.times"
MAX_LISTED = 8


def _listed(names: list[str]) -> str:
    more = f" and {len(names) - MAX_LISTED} more" if len(names) > MAX_LISTED else ""
    return ", ".join(names[:MAX_LISTED]) + more


@dataclass
class Setup:
    catalog: Catalog
    course: Course | None = None  # given to this run
    course_text: str = ""
    people: list[Person] | None = None  # given to this run (None: the gradebook's)
    stamps: list[Stamp] = field(default_factory=list)
    budget_s: float | None = None  # --exercise-budget, else the course file's
    deadlines: Deadlines | None = None

    # ------------------------------------------------------------ before planning

    def selector(self, names: list[str] | None, gradebook: "Gradebook") -> "Callable[[list[Student]], list[Student]] | None":
        """`--students`: keep the students named by submission name, roster id, name or e-mail."""
        if not names:
            return None
        people = self.people if self.people is not None else roster.load(gradebook)

        def pick(students: "list[Student]") -> "list[Student]":
            m = roster.match(people, [Found(s.name, s.info.lms_id if s.info else "", s.info.display if s.info else "")
                                      for s in students])
            chosen: set[str] = set()
            unknown = []
            for name in names:
                hits = {s.name for s in students if s.name == name}
                hits = hits or {s for s, p in m.by_student.items() if roster.names_person(p, name)}
                hits = hits or {s.name for s in students if s.info and name in (s.info.lms_id, s.info.display)}
                if not hits:
                    unknown.append(name)
                chosen |= hits
            if unknown:
                raise UsageError(f"--students: no submission of {', '.join(unknown)} "
                                 f"(found: {_listed([s.name for s in students]) or 'none'})")
            return [s for s in students if s.name in chosen]

        return pick

    # ------------------------------------------------------------ after planning

    def attach(self, gradebook: "Gradebook") -> None:
        """Store what this run was given, then apply the deadlines to every grade and every new one."""
        if self.people is not None:
            roster.store(gradebook, self.people)
        if self.course is not None:
            with gradebook.transaction():
                for key, value in ((META_COURSE, self.course_text), (META_COURSE_PATH, self.course.path),
                                   (META_TIMES, json.dumps([[s.who, s.scope, s.when.isoformat(), s.source]
                                                            for s in self.stamps]))):
                    gradebook.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))
        course, stamps = (self.course, self.stamps) if self.course is not None else stored(gradebook, self.catalog)
        if course is None:
            gradebook.adjust = None
            refresh(gradebook, clear)
            return
        self.deadlines = Deadlines(course, stamps, roster.load(gradebook), identity.known(gradebook))
        gradebook.adjust = self.deadlines.adjust
        refresh(gradebook, self.deadlines.adjust)

    def messages(self, gradebook: "Gradebook", summary: "BatchSummary") -> list[str]:
        """What the instructor should know after the run: the layout, roster mismatches, names in the
        course file that match nobody, overrides whose graded points moved."""
        out = list(summary.notes)
        people = roster.load(gradebook)
        known = identity.known(gradebook)
        if people:
            m = roster.match(people, [Found(k.student, k.lms_id, k.display) for k in known.values()])
            if m.unmatched:
                out.append(f"roster: no entry for {len(m.unmatched)} submission(s): {_listed(sorted(m.unmatched))}")
            for student, who in sorted(m.ambiguous.items()):
                out.append(f"roster: {student} could be {' or '.join(p.label for p in who)}: give its `submission` "
                           "in the roster")
            if m.absent:
                out.append(f"roster: {len(m.absent)} student(s) submitted nothing: {_listed([p.label for p in m.absent])}")
        if self.deadlines is not None:
            names = [e.student for e in self.deadlines.course.extensions]
            names += sorted({s.who for s in self.stamps})
            lost = unresolved(self.deadlines, dict.fromkeys(names))
            if lost:
                out.append(f"course: these names in the course or times files match no student: {_listed(lost)}")
        for student, exercise, points, then, now in overrides.drift(gradebook):
            out.append(f"override kept: {student} / {exercise} counts {points:g} (graded {then:g} when it was set, "
                       f"{now:g} now); `dojo gradebook override {student} {exercise} --clear` to use the grade")
        return out


def load_setup(catalog: Catalog, course_path: Path | None, roster_path: Path | None,
               budget_s: float | None = None) -> Setup:
    """Read the course file and the roster given on the command line (errors name file and line)."""
    setup = Setup(catalog)
    if course_path is not None:
        setup.course = load_course(course_path, catalog)
        setup.course_text = course_path.read_text(encoding="utf-8")
        for f in setup.course.time_files:
            setup.stamps += read_times(f, setup.course.tz)
    path = roster_path or (setup.course.roster if setup.course else None)
    if path is not None:
        setup.people = roster.read_roster(path)
    if budget_s is not None and budget_s <= 0:
        raise UsageError("--exercise-budget must be a positive number of seconds")
    setup.budget_s = budget_s if budget_s is not None else (setup.course.exercise_budget_s if setup.course else None)
    return setup


def stored(gradebook: "Gradebook", catalog: Catalog) -> tuple[Course | None, list[Stamp]]:
    """The course file (and times) last given to a run, as the gradebook keeps them."""
    meta = dict(gradebook.db.execute("SELECT key, value FROM meta WHERE key IN (?, ?, ?)",
                                     (META_COURSE, META_COURSE_PATH, META_TIMES)).fetchall())
    if META_COURSE not in meta:
        return None, []
    path = Path(meta.get(META_COURSE_PATH) or "course.toml")
    try:
        course = course_from(tomllib.loads(meta[META_COURSE]), path, catalog)
    except (CourseError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"the course file stored in {gradebook.path} no longer fits the catalog ({exc}); "
                         "give the course file again with --course") from None
    stamps = []
    for who, scope, when, source in json.loads(meta.get(META_TIMES) or "[]"):
        stamps.append(Stamp(who, scope, dt.datetime.fromisoformat(when), source))
    return course, stamps
