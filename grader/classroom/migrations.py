"""Gradebook schema versions, and the step from each to the next.

A gradebook written by an older grader opens, gains the new tables and columns in one
transaction, and keeps every recorded grade: steps only add (tables, columns with defaults), never
drop or rewrite. A gradebook opened read-only is read as it is (missing columns read as their
defaults), so an export never needs write access.

Version 2 adds, per grade: whether nothing was handed in (`missing`), the submission time and
where it came from, the due date in force, the late penalty and the penalised points; and the
tables `students` (who each submission is, as the layout says), `roster` (the course's list),
`overrides` (instructors' points and comments, append-only) and `sources` (each graded source, by
hash, for the similarity list).
"""
from __future__ import annotations

import sqlite3

SCHEMA_VERSION = 2

# Appended to `grades` and `history` alike (history rows are copied with SELECT *).
V2_GRADE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("missing", "INTEGER NOT NULL DEFAULT 0"),  # 1: nothing was handed in for this exercise
    ("submitted_at", "TEXT"),  # ISO 8601 with offset; NULL: not known
    ("time_source", "TEXT"),  # where the time came from, in words
    ("due_at", "TEXT"),  # the due date in force (an extension included); NULL: no deadline
    ("late_penalty", "REAL"),  # fraction of the points taken off; NULL: no deadline applied
    ("penalised_points", "REAL"),  # points after the penalty; NULL: no deadline applied
    ("late_note", "TEXT"),  # the rule that applied, in words
)

V2_TABLES = """
CREATE TABLE IF NOT EXISTS students (  -- who each submission is, as its layout says
    student TEXT PRIMARY KEY,
    layout TEXT NOT NULL,            -- folder, zip, file, nbgrader, canvas, moodle, single-student
    lms_id TEXT,                     -- Canvas user id or Moodle participant id from the file names
    display TEXT,                    -- the name the layout gives (Moodle's full name, Canvas's lastfirst)
    late_marker INTEGER NOT NULL DEFAULT 0,  -- Canvas marked a file LATE
    times TEXT NOT NULL DEFAULT '{}',        -- JSON {assignment folder or "": ISO time} (nbgrader timestamp.txt)
    seen_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS roster (   -- the course's list of students, as last given with --roster/--course
    position INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    submission TEXT NOT NULL,        -- the submission's name (folder, file, LMS id), if not the id
    sis_user_id TEXT NOT NULL,
    sis_login_id TEXT NOT NULL,
    section TEXT NOT NULL,
    lms_id TEXT NOT NULL             -- Canvas user id or Moodle participant number
);
CREATE TABLE IF NOT EXISTS overrides (  -- append-only: every override, comment, clear and removal
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    student TEXT NOT NULL,
    exercise TEXT NOT NULL,          -- '*' for the whole student (a removal)
    action TEXT NOT NULL CHECK (action IN ('override', 'comment', 'clear', 'remove')),
    points REAL,
    comment TEXT NOT NULL,
    raw_points REAL,                 -- the graded points when the entry was made
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sources (  -- each graded source once (grades.submission_hash), for the similarity list
    submission_hash TEXT PRIMARY KEY,
    code BLOB NOT NULL
);
"""


def columns(db: sqlite3.Connection, table: str) -> list[str]:
    """The table's columns in order (empty if the table does not exist)."""
    return [r[1] for r in db.execute(f"PRAGMA table_info({table})")]


def has_table(db: sqlite3.Connection, table: str) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone() is not None


def upgrade(db: sqlite3.Connection) -> None:
    """Bring a version-1 (or just created) gradebook to SCHEMA_VERSION; the caller holds a transaction."""
    for table in ("grades", "history"):
        present = set(columns(db, table))
        for name, kind in V2_GRADE_COLUMNS:
            if name not in present:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")
    for statement in V2_TABLES.split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
