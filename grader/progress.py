"""The learner's record, kept in their workspace: every grade (latest, best, history) and hints seen.

An exercise is "not started" (never graded, file untouched), "attempted" (edited or graded, and
its latest grade did not pass) or "passed" (its latest grade passed). The best grade is kept
too, but a later regression shows: status follows the latest grade.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from grader.catalog import Catalog, Exercise
from grader.fileio import write_json_atomic

if TYPE_CHECKING:
    from grader.grading import ExerciseResult
    from grader.submission import Source

STATUSES = ("not started", "attempted", "passed")
HISTORY_KEPT = 200  # grades per exercise; the best is kept apart, so trimming never loses it
FORMAT = 2


@dataclass(frozen=True)
class Grade:
    """One `dojo grade` of one exercise, as recorded."""

    at: str
    points: float
    max_points: float
    passed: bool
    cases_passed: int = 0
    cases_total: int = 0
    status: str = ""  # the grader's word: passed, partial, failed, error
    origin: str = ""  # what was graded: the workspace file, or a notebook's path
    code: str = ""  # the first 12 hex digits of the graded code's sha256

    @classmethod
    def from_json(cls, data: Any) -> "Grade | None":
        if not isinstance(data, dict):
            return None
        try:
            return cls(at=str(data.get("at", "")), points=float(data.get("points", 0.0)),
                       max_points=float(data.get("max_points", 0.0)), passed=bool(data.get("passed")),
                       cases_passed=int(data.get("cases_passed", 0)), cases_total=int(data.get("cases_total", 0)),
                       status=str(data.get("status", "")), origin=str(data.get("origin", "")), code=str(data.get("code", "")))
        except (TypeError, ValueError):
            return None

    def better_than(self, other: "Grade | None") -> bool:
        return other is None or (self.passed, self.points) > (other.passed, other.points)


def now() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S")


class Progress:
    """The record in `folder` (a workspace's .dojo/). A damaged file costs the record, never a grade."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "progress.json"
        self.exercises: dict[str, dict[str, Any]] = {}
        if self.path.is_file():
            try:
                loaded = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                loaded = {}
            self.exercises = _upgrade(loaded) if isinstance(loaded, dict) else {}

    def _entry(self, slug: str) -> dict[str, Any]:
        return self.exercises.setdefault(slug, {"history": []})

    def history(self, slug: str) -> list[Grade]:
        raw = self.exercises.get(slug, {}).get("history", [])
        return [g for g in (Grade.from_json(r) for r in (raw if isinstance(raw, list) else [])) if g is not None]

    def latest(self, slug: str) -> Grade | None:
        history = self.history(slug)
        return history[-1] if history else None

    def best(self, slug: str) -> Grade | None:
        return Grade.from_json(self.exercises.get(slug, {}).get("best"))

    def ever_passed(self, slug: str) -> bool:
        best = self.best(slug)
        return best is not None and best.passed

    def status(self, slug: str, edited: bool = False) -> str:
        """One of STATUSES; `edited`: the learner's file differs from the starter."""
        latest = self.latest(slug)
        if latest is not None and latest.passed:
            return "passed"
        return "attempted" if latest is not None or edited else "not started"

    def record(self, slug: str, grade: Grade) -> None:
        entry = self._entry(slug)
        history = entry.get("history") if isinstance(entry.get("history"), list) else []
        entry["history"] = (history + [asdict(grade)])[-HISTORY_KEPT:]
        if grade.better_than(self.best(slug)):
            entry["best"] = asdict(grade)

    def all_grades(self) -> list[tuple[str, Grade]]:
        """Every recorded grade of every exercise, oldest first."""
        out = [(slug, g) for slug in self.exercises for g in self.history(slug)]
        return sorted(out, key=lambda item: item[1].at)

    def hints_seen(self, slug: str) -> int:
        value = self.exercises.get(slug, {}).get("hints_seen", 0)
        return value if type(value) is int else 0

    def saw_hint(self, slug: str, n: int) -> None:
        self._entry(slug)["hints_seen"] = max(self.hints_seen(slug), n)

    def save(self) -> None:
        write_json_atomic(self.path, {"format": FORMAT, "exercises": self.exercises})


def _upgrade(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Read this format, or the first one ({slug: {best, max, solved, last, hints_seen}})."""
    if data.get("format") == FORMAT and isinstance(data.get("exercises"), dict):
        return {k: v for k, v in data["exercises"].items() if isinstance(v, dict)}
    out: dict[str, dict[str, Any]] = {}
    for slug, old in data.items():
        if not isinstance(old, dict):
            continue
        entry: dict[str, Any] = {"history": []}
        if "best" in old:
            try:
                grade = Grade(at=str(old.get("last", "")), points=float(old.get("best", 0.0)),
                              max_points=float(old.get("max", 0.0)), passed=bool(old.get("solved")),
                              status="passed" if old.get("solved") else "", origin="recorded before history")
            except (TypeError, ValueError):
                continue
            entry["history"] = [asdict(grade)]
            entry["best"] = asdict(grade)
        if type(old.get("hints_seen")) is int:
            entry["hints_seen"] = old["hints_seen"]
        out[str(slug)] = entry
    return out


@contextmanager
def updating(folder: Path) -> Iterator[Progress]:
    """Read, change and write the record under a lock, so `dojo watch` and a `dojo grade` in
    another terminal never lose each other's grades."""
    folder.mkdir(parents=True, exist_ok=True)
    lock = os.open(folder / "progress.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX)
        except ImportError:  # Windows: no advisory locks; one dojo at a time there
            pass
        progress = Progress(folder)
        yield progress
        progress.save()
    finally:
        os.close(lock)


def next_exercise(catalog: Catalog, progress: Progress, done: Exercise) -> Exercise | None:
    """What to do after passing `done`: an exercise not passed yet whose prerequisites all are,
    preferring one that `done` unlocks, then the next in catalog order, then the first left."""
    passed = {ex.slug for ex in catalog.exercises if progress.status(ex.slug) == "passed"} | {done.slug}
    ready = [ex for ex in catalog.exercises if ex.slug not in passed and all(p in passed for p in ex.prerequisites)]
    unlocked = [ex for ex in ready if done.slug in ex.prerequisites]
    after = [ex for ex in ready if ex.number > done.number]
    return (unlocked or after or ready or [None])[0]


def grade_of(result: "ExerciseResult", source: "Source") -> Grade:
    """The record of one grade: score, cases passed, what was graded and a hash of its code."""
    code = hashlib.sha256(source.code or b"").hexdigest()[:12]
    return Grade(at=now(), points=result.points, max_points=result.max_points, passed=result.passed,
                 cases_passed=sum(c.passed for c in result.cases), cases_total=len(result.cases),
                 status=result.status, origin=str(Path(source.origin).absolute()) if source.origin else "", code=code)
