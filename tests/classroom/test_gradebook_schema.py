"""A gradebook written by the previous grader (schema 1) stays readable and upgrades in place,
keeping every recorded grade."""
from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest

from grader.classroom.gradebook import SCHEMA_VERSION, Gradebook
from grader.cli import main
from grader.errors import UsageError

# Schema 1, as the previous grader created it.
V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE grades (
    student TEXT NOT NULL, exercise TEXT NOT NULL, title TEXT NOT NULL, points REAL NOT NULL,
    max_points REAL NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('passed', 'partial', 'failed', 'error')),
    error TEXT, cases TEXT NOT NULL, stdout TEXT NOT NULL, stderr TEXT NOT NULL, isolation TEXT NOT NULL,
    origin TEXT NOT NULL, submission_hash TEXT NOT NULL, exercise_hash TEXT NOT NULL, graded_at TEXT NOT NULL,
    seconds REAL NOT NULL, PRIMARY KEY (student, exercise)
);
CREATE TABLE history AS SELECT * FROM grades WHERE 0;
CREATE TABLE failures (
    student TEXT NOT NULL, exercise TEXT NOT NULL, submission_hash TEXT NOT NULL, exercise_hash TEXT NOT NULL,
    attempts INTEGER NOT NULL, error TEXT NOT NULL, failed_at TEXT NOT NULL, PRIMARY KEY (student, exercise)
);
INSERT INTO meta VALUES ('schema_version', '1');
"""

CASES = json.dumps([{"name": "random_7", "passed": True, "message": "", "seconds": 0.01},
                    {"name": "huge", "passed": False, "message": "output has NaN at index (0,)", "seconds": 0.02}])


def _v1(path):
    db = sqlite3.connect(path)
    db.executescript(V1)
    grade = "INSERT INTO {} VALUES (?, ?, 'Softmax', ?, 10.0, ?, NULL, ?, '', '', 'namespaces', ?, 'h1', 'e1', ?, 0.5)"
    db.execute(grade.format("grades"), ("ana", "stable-softmax", 5.0, "partial", CASES, "ana/stable_softmax.py",
                                        "2025-01-02T10:00:00"))
    db.execute(grade.format("grades"), ("ben", "stable-softmax", 10.0, "passed", CASES, "ben/stable_softmax.py",
                                        "2025-01-02T10:00:01"))
    db.execute(grade.format("history"), ("ana", "stable-softmax", 2.5, "partial", CASES, "ana/stable_softmax.py",
                                         "2025-01-01T10:00:00"))
    db.commit()
    db.close()
    return path


def test_an_old_gradebook_is_read_as_it_is(tmp_path):
    """Opened read-only (an export), a schema-1 gradebook is read without being changed."""
    path = _v1(tmp_path / "old.sqlite")
    before = path.read_bytes()
    with Gradebook(path, readonly=True) as gb:
        rows = gb.rows()
        history = gb.history()
    assert [(r.student, r.points, r.status, r.missing, r.penalised_points) for r in rows] == \
        [("ana", 5.0, "partial", False, None), ("ben", 10.0, "passed", False, None)]
    assert [h.points for h in history] == [2.5]
    out = tmp_path / "grades.csv"
    assert main(["gradebook", "export", "--csv", str(out), "--gradebook", str(path)]) == 0
    table = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [(r["student"], r["stable-softmax"]) for r in table] == [("ana", "5"), ("ben", "10")]
    assert path.read_bytes() == before


def test_an_old_gradebook_upgrades_in_place_keeping_every_grade(tmp_path):
    path = _v1(tmp_path / "old.sqlite")
    with Gradebook(path, readonly=True) as gb:
        old_rows, old_history = gb.rows(), gb.history()
    with Gradebook(path) as gb:  # opening it for writing upgrades it
        assert gb.rows() == old_rows and gb.history() == old_history
        assert gb.has_table("overrides") and gb.has_table("roster")
    db = sqlite3.connect(path)
    assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    grade_columns = [r[1] for r in db.execute("PRAGMA table_info(grades)")]
    assert grade_columns == [r[1] for r in db.execute("PRAGMA table_info(history)")]
    assert {"missing", "penalised_points", "late_note"} <= set(grade_columns)
    db.close()
    # and an override on the upgraded book, which a regrade copies to history as before
    assert main(["gradebook", "override", "ana", "stable-softmax", "7", "--comment", "ok", "--gradebook", str(path)]) == 0
    with Gradebook(path) as gb:
        new = old_rows[0].__class__(**{**old_rows[0].__dict__, "points": 6.0, "graded_at": "2025-02-01T00:00:00"})
        gb.record(new)
        assert [h.points for h in gb.history() if h.student == "ana"] == [2.5, 5.0]


def test_a_gradebook_from_a_newer_grader_is_refused(tmp_path):
    path = _v1(tmp_path / "new.sqlite")
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    db.commit()
    db.close()
    for readonly in (True, False):
        with pytest.raises(UsageError, match="newer grader"):
            Gradebook(path, readonly=readonly)
