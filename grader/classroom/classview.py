"""The class as the outputs read it: one read-only snapshot of the gradebook, with its roster, its
overrides, its course file and the stored sources (for the similarity list)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from grader.catalog import Catalog
from grader.classroom import identity, overrides, roster
from grader.classroom.course import Course
from grader.classroom.gradebook import Gradebook, GradeRow
from grader.classroom.marks import ClassMarks, class_marks, find_student
from grader.classroom.similarity import Pair, similar_pairs
from grader.errors import UsageError


@dataclass
class ClassView:
    rows: list[GradeRow]
    marks: ClassMarks
    course: Course | None
    codes: dict[tuple[str, str], bytes] = field(default_factory=dict)  # (student, exercise) -> graded source
    notes: list[str] = field(default_factory=list)

    def resolve(self, names: list[str]) -> set[str]:
        """Gradebook names for `--students` (UsageError naming any that match nobody)."""
        out: set[str] = set()
        for name in names:
            hits = find_student(self.marks, name)
            if not hits:
                raise UsageError(f"no student {name!r} in the gradebook or its roster")
            out.update(hits)
        return out

    def similar(self, catalog: Catalog | None, threshold: float) -> list[Pair]:
        """Per exercise, the pairs of students whose graded code is alike (see similarity.py)."""
        if threshold <= 0:
            return []
        pairs: list[Pair] = []
        for slug, _, _ in self.marks.exercises:
            codes = {s: c for (s, e), c in self.codes.items() if e == slug}
            starter = None
            if catalog is not None:
                try:
                    starter = catalog.get(slug).starter_path.read_bytes()
                except Exception:  # noqa: BLE001 - an exercise gone from the catalog: compare without its starter
                    starter = None
            pairs += similar_pairs(slug, codes, starter, threshold)
        return pairs


def load_view(path: Path, catalog_order: list[str], roster_path: Path | None = None,
              catalog: Catalog | None = None) -> ClassView:
    """Read the gradebook at `path` (read-only) into a ClassView."""
    from grader.classroom.setup import stored

    with Gradebook(path, readonly=True) as gb:
        rows = gb.rows()
        people = roster.read_roster(roster_path) if roster_path is not None else roster.load(gb)
        marks = class_marks(rows, catalog_order, overrides.current(gb), people, identity.known(gb))
        course = None
        notes = []
        if catalog is not None:
            try:
                course, _ = stored(gb, catalog)
            except UsageError as exc:
                notes.append(str(exc))
        stored_code = identity.sources(gb, [r.submission_hash for r in rows if not r.missing])
    codes = {(r.student, r.exercise): stored_code[r.submission_hash] for r in rows if r.submission_hash in stored_code}
    return ClassView(rows, marks, course, codes, notes)
