"""Hostile submissions cost their own student only: an error entry each, and the rest of the class graded."""
from __future__ import annotations

import json
import os
import shutil
import sys
import time
import zipfile

import nbformat
import pytest

from grader.classroom.batch import RETRY_BUDGET, plan_batch, run_batch
from grader.classroom.gradebook import Gradebook
from grader.classroom import locate
from grader.classroom.locate import MAX_DEPTH
from grader.submission import MAX_NOTEBOOK_BYTES

from .conftest import CountingSandbox


def _notebook_json(ex, mutate) -> str:
    nb = nbformat.v4.new_notebook()
    nb.metadata["dojo"] = {"slug": ex.slug}
    nb.cells = [nbformat.v4.new_code_cell(ex.reference_path.read_text())]
    data = json.loads(nbformat.writes(nb))
    mutate(data)
    return json.dumps(data)


def _deep_folder(top, depth: int, name: str, data: bytes) -> None:
    """`depth` nested folders (made one at a time: a path this deep defeats recursive helpers)."""
    fd = os.open(top, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=fd)
            nxt = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nxt
        out = os.open(name, os.O_CREAT | os.O_WRONLY, 0o644, dir_fd=fd)
        os.write(out, data)
        os.close(out)
    finally:
        os.close(fd)


WIDE = 1000  # the folder cap while these tests run (the real one is 10x: same code, less mkdir)


@pytest.fixture
def hostile_class(tmp_path, dojo_catalog, monkeypatch):
    monkeypatch.setattr(locate, "MAX_ENTRIES", WIDE)
    ex = dojo_catalog.get("stable-softmax")
    root = tmp_path / "submissions"
    root.mkdir()
    ref = ex.reference_path.read_bytes()
    for honest in ("ann", "zed"):  # graded before and after the hostile ones
        (root / honest).mkdir()
        (root / honest / f"{ex.module}.py").write_bytes(ref)
    notebooks = {
        "metadata_string": lambda d: d.__setitem__("metadata", "hello"),
        "source_number": lambda d: d["cells"][0].__setitem__("source", 12345),
        "cells_not_a_list": lambda d: d.__setitem__("cells", {"a": 1}),
        "dojo_metadata_list": lambda d: d["metadata"].__setitem__("dojo", [1, 2]),
    }
    for name, mutate in notebooks.items():
        (root / f"{name}.ipynb").write_text(_notebook_json(ex, mutate), encoding="utf-8")
        (root / f"{name}_in_folder").mkdir()  # the same notebook inside a folder, found by its metadata
        (root / f"{name}_in_folder" / "answer.ipynb").write_text(_notebook_json(ex, mutate), encoding="utf-8")
    deep_json = "[" * 100_000 + "]" * 100_000
    (root / "deep_json.ipynb").write_text(deep_json)
    (root / "deep_json_in_folder").mkdir()
    (root / "deep_json_in_folder" / f"{ex.module}.ipynb").write_text(deep_json)
    (root / "huge_notebook").mkdir()
    with open(root / "huge_notebook" / f"{ex.module}.ipynb", "wb") as f:
        f.truncate(MAX_NOTEBOOK_BYTES + 1)
    with zipfile.ZipFile(root / "deep_zip.zip", "w") as zf:
        zf.writestr("d/" * 1200 + f"{ex.module}.py", ref)
    with zipfile.ZipFile(root / "empty_dirs.zip", "w") as zf:  # ~1.7 MB of directory entries
        for i in range(20_000):
            zf.writestr(f"d{i}/", b"")
    (root / "deep_folder").mkdir()
    _deep_folder(root / "deep_folder", 1200, f"{ex.module}.py", ref)
    (root / "wide_folder").mkdir()
    for i in range(WIDE + 1):
        (root / "wide_folder" / f"d{i}").mkdir()
    yield ex, root
    # pytest's own clean-up of old temporary folders recurses, and would fail on this one later
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        shutil.rmtree(root / "deep_folder")
    finally:
        sys.setrecursionlimit(limit)


EXPECTED = {
    "metadata_string": "not a valid notebook",
    "source_number": "source that is not text",
    "cells_not_a_list": "not a valid notebook",
    "deep_json": "nested too deeply",
    "huge_notebook": "larger than",
    "deep_zip": f"nested more than {MAX_DEPTH} deep",
    "empty_dirs": "20000 files and folders",
    "deep_folder": f"nested more than {MAX_DEPTH} deep",
    "wide_folder": f"more than {WIDE} files and folders",
}


def test_hostile_submissions_are_error_entries_and_the_class_is_graded(hostile_class, dojo_catalog, sandbox, tmp_path):
    """Do broken notebooks, deep or huge zips and folders each give that student an error, quickly,
    while the honest students (before and after them) get full marks?"""
    ex, root = hostile_class
    counting = CountingSandbox(sandbox)
    started = time.perf_counter()
    with Gradebook(tmp_path / "gb.sqlite") as gb:
        tasks, _ = plan_batch(dojo_catalog, root, gb)  # no --exercises: found in the honest students' files
        planning = time.perf_counter() - started
        summary = run_batch(dojo_catalog, root, gb, counting)
        rows = {r.student: r for r in gb.rows()}
    assert planning < 20, f"discovery took {planning:.1f} s"  # linear: was minutes for the empty folders alone
    assert summary.not_recorded == [] and summary.exercises == [ex.slug]
    for honest in ("ann", "zed"):
        assert rows[honest].status == "passed" and rows[honest].points == ex.points
    for student, row in rows.items():
        if student in ("ann", "zed") or student.startswith("dojo_metadata_list"):
            continue
        assert (row.status, row.points) == ("error", 0), (student, row)
        key = next(k for k in sorted(EXPECTED, key=len, reverse=True) if student.startswith(k))
        assert EXPECTED[key] in row.error, (student, row.error)
    assert set(rows) == {p.stem if p.is_file() else p.name for p in root.iterdir()}
    # the dojo metadata that is not a mapping is only ignored: that notebook's code is graded as any other
    assert rows["dojo_metadata_list"].status == "passed"
    assert "no stable_softmax.py or notebook" in rows["dojo_metadata_list_in_folder"].error


class _CrashingSandbox(CountingSandbox):
    """The grader raises on one student's code (a result it cannot decode), as a hostile frame once did."""

    MARK = b"# crash the grader"

    def __init__(self, inner) -> None:
        super().__init__(inner)
        self.crashes = 0

    def run(self, job, *args, **kwargs):
        if any(self.MARK in code for code in job["files"].values() if isinstance(code, bytes)):
            self.crashes += 1
            raise ValueError("cannot decode the result frame")
        return super().run(job, *args, **kwargs)


def test_a_task_the_grader_raises_on_is_an_error_row_retried_a_few_times(dojo_catalog, sandbox, tmp_path):
    """Does a submission the grader raises on get an error row at once, a retry on the next runs
    (RETRY_BUDGET in all) and then rest, while the honest student is graded once?"""
    ex = dojo_catalog.get("stable-softmax")
    root = tmp_path / "submissions"
    for name, code in (("ann", ex.reference_path.read_bytes()),
                       ("mal", _CrashingSandbox.MARK + b"\n" + ex.reference_path.read_bytes())):
        (root / name).mkdir(parents=True)
        (root / name / f"{ex.module}.py").write_bytes(code)
    crashing = _CrashingSandbox(sandbox)
    seen = []
    with Gradebook(tmp_path / "gb.sqlite") as gb:
        for _ in range(RETRY_BUDGET + 1):
            summary = run_batch(dojo_catalog, root, gb, crashing, exercises=[ex])
            rows = {r.student: r for r in gb.rows()}
            seen.append((crashing.crashes, len(summary.failed), rows["mal"].status, rows["mal"].error))
        assert rows["ann"].status == "passed" and len(gb.history()) == RETRY_BUDGET - 1  # mal's earlier errors
    assert [s[0] for s in seen] == [1, 2, 3, 3]  # retried RETRY_BUDGET times, then not again
    assert [s[1] for s in seen] == [1, 1, 1, 0]
    assert all(s[2] == "error" and "the grader failed on this submission" in s[3] for s in seen)
    assert "graded again on the next run" in seen[0][3] and "not tried again" in seen[-1][3]
    assert crashing.runs == 1  # ann, once


def test_retries_keep_an_older_real_grade_until_the_budget_is_spent(dojo_catalog, sandbox, tmp_path):
    """Does a resubmission the grader raises on leave the student's previous grade in place for the
    retries, and replace it (kept in history) only once the budget is spent?"""
    ex = dojo_catalog.get("stable-softmax")
    root = tmp_path / "submissions"
    (root / "mal").mkdir(parents=True)
    path = root / "mal" / f"{ex.module}.py"
    path.write_bytes(ex.reference_path.read_bytes())
    crashing = _CrashingSandbox(sandbox)
    with Gradebook(tmp_path / "gb.sqlite") as gb:
        run_batch(dojo_catalog, root, gb, crashing, exercises=[ex])
        path.write_bytes(_CrashingSandbox.MARK + b"\n" + ex.reference_path.read_bytes())
        statuses = []
        for _ in range(RETRY_BUDGET):
            summary = run_batch(dojo_catalog, root, gb, crashing, exercises=[ex])
            statuses.append((gb.rows()[0].status, bool(summary.not_recorded)))
        assert [h.status for h in gb.history()] == ["passed"]
    assert statuses == [("passed", True)] * (RETRY_BUDGET - 1) + [("error", False)]


def test_discovery_is_linear_in_the_number_of_folders(dojo_catalog, tmp_path):
    """Do 10x more folders cost about 10x the time to discover (not 100x)?"""
    ex = dojo_catalog.get("stable-softmax")

    def timed(n: int) -> float:
        root = tmp_path / f"n{n}"
        (root / "ann").mkdir(parents=True)
        (root / "ann" / f"{ex.module}.py").write_bytes(ex.reference_path.read_bytes())
        for i in range(n):
            (root / "ann" / f"d{i}").mkdir()
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            with Gradebook(tmp_path / f"gb{n}.sqlite") as gb:
                plan_batch(dojo_catalog, root, gb)
            best = min(best, time.perf_counter() - started)
        return best

    small, large = timed(200), timed(2000)
    assert large < 30 * max(small, 0.02), (small, large)


def test_student_names_reach_the_terminal_as_plain_text():
    """Is a student's name (a folder name the student chose) shown with no terminal escape or markup?"""
    from rich.console import Console
    from rich.text import Text

    from grader.commands.instructor import _plain

    name = "eve\x1b]0;pwned\x07\x1b[2J[bold red]x[/]\r\n"
    shown = _plain(name, 40)
    assert all(ch.isprintable() for ch in shown)
    console = Console(record=True, width=200, color_system=None)
    console.print(shown)
    rendered = console.export_text()
    assert "[bold red]x[/]" in rendered and "\x1b" not in rendered
    assert Text.from_markup(shown).plain.startswith("eve?]0;pwned??[2J")
