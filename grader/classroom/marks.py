"""The points that count, and why: graded, then the late penalty, then an instructor's override.

Every output (CSV and LMS exports, the report, the feedback pages) reads the class through
`class_marks`, so they agree on each number and on the words saying which rule applied. A roster
student with nothing graded, and a grade recorded as "nothing handed in", are "not submitted":
shown as such, never as a 0 that looks earned.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from grader.classroom.gradebook import Gradebook, GradeRow, iter_students
from grader.classroom.identity import Known, known as known_students
from grader.classroom.overrides import State, current
from grader.classroom.roster import Found, Matching, Person, load as load_roster, match, names_person

NOT_SUBMITTED = "not submitted"


def exercise_order(rows: list[GradeRow], catalog_order: list[str]) -> list[str]:
    """Exercises in catalog order; any the catalog no longer has go last, by name."""
    present = {r.exercise for r in rows}
    known = [slug for slug in catalog_order if slug in present]
    return known + sorted(present - set(known))


@dataclass
class Mark:
    exercise: str
    title: str
    max_points: float
    row: GradeRow | None  # None: nothing graded for this student and exercise
    override: State | None = None

    @property
    def missing(self) -> bool:
        return self.row is None or self.row.missing

    @property
    def raw(self) -> float | None:
        return None if self.missing or self.row is None else self.row.points

    @property
    def penalised(self) -> float | None:
        if self.raw is None:
            return None
        return self.row.penalised_points if self.row and self.row.penalised_points is not None else self.raw

    @property
    def overridden(self) -> bool:
        return self.override is not None and self.override.points is not None

    @property
    def final(self) -> float | None:
        """The points that count (None: not submitted and not overridden)."""
        if self.overridden:
            return self.override.points  # type: ignore[union-attr]
        return self.penalised

    @property
    def status(self) -> str:
        if self.overridden:
            return "override"
        return NOT_SUBMITTED if self.missing else self.row.status  # type: ignore[union-attr]

    @property
    def late_penalty(self) -> float:
        if self.row is None or self.missing:
            return 0.0
        return self.row.late_penalty or 0.0

    @property
    def comments(self) -> list[tuple[str, str]]:
        return list(self.override.comments) if self.override else []

    def applied(self) -> str:
        """Which rule gave `final`, in words: what every output shows next to the number."""
        parts = []
        if self.missing:
            parts.append(NOT_SUBMITTED)
        else:
            parts.append(f"graded {self.raw:g}")
            if self.late_penalty:
                parts.append(f"late -{100 * self.late_penalty:g}% -> {self.penalised:g}")
        if self.overridden:
            st = self.override
            moved = (f", graded {st.raw_at_override:g} when it was set" if st.raw_at_override is not None  # type: ignore[union-attr]
                     and self.raw is not None and st.raw_at_override != self.raw else "")  # type: ignore[union-attr]
            parts.append(f"override {st.points:g}{moved}")  # type: ignore[union-attr]
        return "; ".join(parts)


@dataclass
class StudentMarks:
    student: str  # the gradebook's name (a roster student who never submitted: their id)
    label: str  # how outputs name them (the roster's name, else the gradebook's)
    person: Person | None
    marks: list[Mark]
    submitted: bool  # anything of theirs was found
    known: Known | None = None

    @property
    def total(self) -> float:
        return round(sum(m.final or 0.0 for m in self.marks), 2)

    @property
    def raw_total(self) -> float:
        return round(sum(m.raw or 0.0 for m in self.marks), 2)

    @property
    def max_total(self) -> float:
        return round(sum(m.max_points for m in self.marks), 2)

    def mark(self, slug: str) -> Mark | None:
        index = self.__dict__.get("_index")
        if index is None or len(index) != len(self.marks):
            index = self.__dict__["_index"] = {m.exercise: m for m in self.marks}
        return index.get(slug)

    def notes(self) -> str:
        """Everything besides a plain grade, one line: penalties, overrides, comments, not submitted."""
        out = []
        for m in self.marks:
            bits = []
            if m.missing and not m.overridden:
                bits.append(NOT_SUBMITTED)
            elif m.late_penalty or m.overridden:
                bits.append(m.applied())
            bits += [f'"{text}"' for _, text in m.comments]
            if bits:
                out.append(f"{m.exercise}: {', '.join(bits)}")
        return "; ".join(out)


@dataclass
class ClassMarks:
    exercises: list[tuple[str, str, float]]  # (slug, title, max points), catalog order
    students: list[StudentMarks]
    matching: Matching
    people: list[Person] = field(default_factory=list)

    @property
    def max_total(self) -> float:
        return round(sum(mx for _, _, mx in self.exercises), 2)

    def by_student(self) -> dict[str, StudentMarks]:
        return {s.student: s for s in self.students}


def class_marks(rows: list[GradeRow], catalog_order: list[str], overrides: dict[tuple[str, str], State] | None = None,
                people: list[Person] | None = None, known: dict[str, Known] | None = None) -> ClassMarks:
    """Every student's marks: the gradebook's students, then roster students with nothing graded."""
    overrides = overrides or {}
    people = people or []
    known = known or {}
    order = exercise_order(rows, catalog_order)
    info: dict[str, tuple[str, float]] = {}
    for r in rows:
        info[r.exercise] = (r.title, r.max_points)
    exercises = [(slug, *info[slug]) for slug in order]
    graded = dict(iter_students(rows))
    found = [Found(s, known[s].lms_id if s in known else "", known[s].display if s in known else "") for s in graded]
    matching = match(people, found)
    students = []
    for name, own in graded.items():
        by_ex = {r.exercise: r for r in own}
        marks = [Mark(slug, title, mx, by_ex.get(slug), overrides.get((name, slug))) for slug, title, mx in exercises]
        person = matching.by_student.get(name)
        k = known.get(name)
        label = person.label if person else (k.display if k and k.display else name)
        students.append(StudentMarks(name, label, person, marks, any(not m.missing for m in marks), k))
    for person in matching.absent:
        marks = [Mark(slug, title, mx, None, overrides.get((person.id, slug))) for slug, title, mx in exercises]
        students.append(StudentMarks(person.id, person.label, person, marks, False))
    students.sort(key=lambda s: (s.label.lower(), s.student))
    return ClassMarks(exercises, students, matching, people)


def from_gradebook(gradebook: Gradebook, catalog_order: list[str]) -> ClassMarks:
    """The class as the gradebook holds it: grades, overrides, roster and what the layouts said."""
    return class_marks(gradebook.rows(), catalog_order, current(gradebook), load_roster(gradebook),
                       known_students(gradebook))


def find_student(marks: ClassMarks, name: str) -> list[str]:
    """The gradebook names `name` stands for: a gradebook name itself, else a roster entry's id,
    e-mail, name or submission name (case ignored), else the name an LMS layout gave."""
    by = marks.by_student()
    if name in by:
        return [name]
    hits = [s.student for s in marks.students if s.person is not None and names_person(s.person, name)]
    hits = hits or [s.student for s in marks.students if s.known is not None and name in (s.known.lms_id, s.known.display)]
    return hits
