"""The class gradebook: SQLite (WAL), one row per (student, exercise), written one result at a time.

Each result is one transaction, committed as soon as the grade is known, so a batch killed at any
moment keeps everything it finished and a rerun resumes. A row is replaced only by a complete new
result (the old one moves to `history` in the same transaction), so a regrade that dies midway
leaves the old grade in place. A (student, exercise) on which the grader itself raised is counted
in `failures`, so the batch retries it a few times and then records an error instead of trying
forever. WAL lets readers (export, report, a second terminal) see a
consistent snapshot while a batch writes. Schema versions and their upgrades: migrations.py.
"""
from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from grader.classroom import migrations

SCHEMA_VERSION = migrations.SCHEMA_VERSION
DEFAULT_PATH = Path("gradebook.sqlite")

_COLUMNS = ("student", "exercise", "title", "points", "max_points", "status", "error", "cases", "stdout",
            "stderr", "isolation", "origin", "submission_hash", "exercise_hash", "graded_at", "seconds",
            *(name for name, _ in migrations.V2_GRADE_COLUMNS))

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS grades (
    student TEXT NOT NULL,
    exercise TEXT NOT NULL,
    title TEXT NOT NULL,
    points REAL NOT NULL,
    max_points REAL NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('passed', 'partial', 'failed', 'error')),
    error TEXT,
    cases TEXT NOT NULL,            -- JSON: [{{name, passed, message, seconds}}], the per-case feedback
    stdout TEXT NOT NULL,
    stderr TEXT NOT NULL,
    isolation TEXT NOT NULL,
    origin TEXT NOT NULL,           -- where in the submission the code came from
    submission_hash TEXT NOT NULL,  -- sha256 of the student's source for this exercise
    exercise_hash TEXT NOT NULL,    -- sha256 of reference + hidden cases + metadata
    graded_at TEXT NOT NULL,
    seconds REAL NOT NULL,
    PRIMARY KEY (student, exercise)
);
CREATE TABLE IF NOT EXISTS history AS SELECT * FROM grades WHERE 0;
CREATE TABLE IF NOT EXISTS failures (  -- the grader raised on this submission: how often, and why
    student TEXT NOT NULL,
    exercise TEXT NOT NULL,
    submission_hash TEXT NOT NULL,
    exercise_hash TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    error TEXT NOT NULL,
    failed_at TEXT NOT NULL,
    PRIMARY KEY (student, exercise)
);
"""


@dataclass(frozen=True)
class CaseRow:
    name: str
    passed: bool
    message: str = ""
    seconds: float = 0.0


@dataclass(frozen=True)
class GradeRow:
    student: str
    exercise: str
    title: str
    points: float
    max_points: float
    status: str
    error: str | None
    cases: tuple[CaseRow, ...] = ()
    stdout: str = ""
    stderr: str = ""
    isolation: str = ""
    origin: str = ""
    submission_hash: str = ""
    exercise_hash: str = ""
    graded_at: str = field(default_factory=lambda: time.strftime("%Y-%m-%dT%H:%M:%S"))
    seconds: float = 0.0
    # Schema 2 (see migrations.py): nothing handed in, and the deadline that applied.
    missing: bool = False
    submitted_at: str | None = None
    time_source: str | None = None
    due_at: str | None = None
    late_penalty: float | None = None  # fraction taken off; None: no deadline applied
    penalised_points: float | None = None
    late_note: str | None = None

    def _values(self) -> tuple[Any, ...]:
        cases = json.dumps([c.__dict__ for c in self.cases], ensure_ascii=False)
        return (self.student, self.exercise, self.title, self.points, self.max_points, self.status, self.error,
                cases, self.stdout, self.stderr, self.isolation, self.origin, self.submission_hash,
                self.exercise_hash, self.graded_at, self.seconds, int(self.missing), self.submitted_at,
                self.time_source, self.due_at, self.late_penalty, self.penalised_points, self.late_note)

    @classmethod
    def _from_sql(cls, row: sqlite3.Row, names: tuple[str, ...] = _COLUMNS) -> "GradeRow":
        data = dict(zip(names, row))
        data["cases"] = tuple(CaseRow(**c) for c in json.loads(data["cases"]))
        if "missing" in data:
            data["missing"] = bool(data["missing"])
        return cls(**data)


class Gradebook:
    """One connection to a gradebook file; use one Gradebook per thread (sqlite3's rule)."""

    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = Path(path)
        # Called on every row before it is stored (the course's deadlines: grader.classroom.deadlines).
        self.adjust: Callable[[GradeRow], GradeRow] | None = None
        if readonly:
            if not self.path.is_file():
                from grader.errors import UsageError

                raise UsageError(f"{self.path}: no such gradebook (run `dojo grade-batch` first)")
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30.0)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path), timeout=30.0, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            # FULL: a committed grade survives even a power cut, not only a killed process.
            self._db.execute("PRAGMA synchronous=FULL")
            with self._transaction():
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', '1')")
                if self._version() in (1, SCHEMA_VERSION):
                    migrations.upgrade(self._db)  # adds tables and columns; every grade stays
        version = self._version()
        if version is None or not 1 <= version <= SCHEMA_VERSION:
            from grader.errors import UsageError

            raise UsageError(f"{self.path}: gradebook schema {version if version is not None else '?'} is not "
                             f"one this grader reads (1 to {SCHEMA_VERSION}): a newer grader wrote it")
        self._names = tuple(c for c in _COLUMNS if c in set(migrations.columns(self._db, "grades")))

    def _version(self) -> int | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        try:
            return int(row[0]) if row is not None else None
        except ValueError:
            return None

    @property
    def db(self) -> sqlite3.Connection:
        """The connection, for the modules that own the schema-2 tables (overrides, roster, sources)."""
        return self._db

    def transaction(self) -> "_Tx":
        """BEGIN IMMEDIATE ... COMMIT: one atomic change."""
        return _Tx(self._db)

    def has_table(self, name: str) -> bool:
        return migrations.has_table(self._db, name)

    # ------------------------------------------------------------------ writing

    def _transaction(self) -> "_Tx":
        return _Tx(self._db)

    def record(self, row: GradeRow) -> None:
        """Store one result atomically; the row it replaces (if any) is kept in `history`."""
        row = self.adjust(row) if self.adjust is not None else row
        with self._transaction():
            self._replace(row)
            self._db.execute("DELETE FROM failures WHERE student = ? AND exercise = ?", (row.student, row.exercise))

    def _replace(self, row: GradeRow) -> None:
        placeholders = ", ".join("?" for _ in _COLUMNS)
        self._db.execute("INSERT INTO history SELECT * FROM grades WHERE student = ? AND exercise = ?",
                         (row.student, row.exercise))
        self._db.execute(f"INSERT OR REPLACE INTO grades ({', '.join(_COLUMNS)}) VALUES ({placeholders})",
                         row._values())

    def record_failure(self, student: str, exercise: str, submission_hash: str, exercise_hash: str,
                       attempts: int, error: str, row: GradeRow | None = None) -> None:
        """Count a grader failure on this (student, exercise); with `row`, store that error entry too."""
        with self._transaction():
            self._db.execute("INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?, ?, ?, ?)",
                             (student, exercise, submission_hash, exercise_hash, attempts, error,
                              time.strftime("%Y-%m-%dT%H:%M:%S")))
            if row is not None:
                self._replace(self.adjust(row) if self.adjust is not None else row)

    # ------------------------------------------------------------------ reading

    def fingerprints(self) -> dict[tuple[str, str], tuple[str, str]]:
        """(student, exercise) -> (submission_hash, exercise_hash) of every recorded grade."""
        cur = self._db.execute("SELECT student, exercise, submission_hash, exercise_hash FROM grades")
        return {(s, e): (sh, eh) for s, e, sh, eh in cur}

    def failures(self) -> dict[tuple[str, str], tuple[str, str, int]]:
        """(student, exercise) -> (submission_hash, exercise_hash, attempts) where the grader raised."""
        try:
            cur = self._db.execute("SELECT student, exercise, submission_hash, exercise_hash, attempts FROM failures")
        except sqlite3.OperationalError:  # a read-only gradebook written before failures were counted
            return {}
        return {(s, e): (sh, eh, int(n)) for s, e, sh, eh, n in cur}

    def rows(self) -> list[GradeRow]:
        """Every grade, by student then exercise, read in one snapshot."""
        cur = self._db.execute(f"SELECT {', '.join(self._names)} FROM grades ORDER BY student, exercise")
        return [GradeRow._from_sql(r, self._names) for r in cur]

    def count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM grades").fetchone()[0])

    def history(self) -> list[GradeRow]:
        names = tuple(c for c in self._names if c in set(migrations.columns(self._db, "history")))
        cur = self._db.execute(f"SELECT {', '.join(names)} FROM history ORDER BY student, exercise, graded_at")
        return [GradeRow._from_sql(r, names) for r in cur]

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Gradebook":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Tx:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception (autocommit connection)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.db.execute("COMMIT" if exc_type is None else "ROLLBACK")


def iter_students(rows: list[GradeRow]) -> Iterator[tuple[str, list[GradeRow]]]:
    """Rows grouped by student (rows come sorted by student)."""
    current: list[GradeRow] = []
    for row in rows:
        if current and current[0].student != row.student:
            yield current[0].student, current
            current = []
        current.append(row)
    if current:
        yield current[0].student, current
