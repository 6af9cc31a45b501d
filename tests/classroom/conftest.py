"""A small class built from the foundations track: references, starters and mutants as students.

The class is graded once per session (with a reader watching the gradebook at the same time);
tests that need more grading copy the gradebook and grade only what they change.
"""
from __future__ import annotations

import sqlite3
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest

from grader.catalog import Catalog, Exercise, load_catalog
from grader.classroom.gradebook import Gradebook, GradeRow

MAX_EXERCISES = 2  # enough to show a column per exercise; each one costs a grade per student


def class_exercises(catalog: Catalog) -> list[Exercise]:
    """stable-softmax first, then foundations exercises complete enough to grade (reference, hidden, mutants)."""
    track = catalog.track("foundations")
    assert track is not None, "the foundations track is missing"
    usable = [ex for ex in track.exercises
              if ex.reference_path.is_file() and ex.hidden_path.is_file() and ex.mutant_paths]
    usable.sort(key=lambda ex: ex.slug != "stable-softmax")
    return usable[:MAX_EXERCISES]


class CountingSandbox:
    """A Sandbox that counts the learner runs it starts (resume must start none)."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.isolate = inner.isolate
        self.runs = 0
        self._lock = threading.Lock()

    def run(self, *args, **kwargs):
        with self._lock:
            self.runs += 1
        return self.inner.run(*args, **kwargs)

    def describe_isolation(self) -> str:
        return self.inner.describe_isolation()

    @property
    def mode(self) -> str:
        return self.inner.mode

    def protects_references(self) -> bool:
        return self.inner.protects_references()

    def alive(self) -> bool:
        return self.inner.alive()


@dataclass
class Klass:
    root: Path
    exercises: list[Exercise]
    code: dict[tuple[str, str], bytes] = field(default_factory=dict)  # (student, slug) -> source handed in

    @property
    def students(self) -> list[str]:
        return sorted({s for s, _ in self.code})


def _notebook(code: bytes, slug: str) -> str:
    nb = nbformat.v4.new_notebook()
    nb.metadata["dojo"] = {"slug": slug}
    nb.cells = [nbformat.v4.new_markdown_cell("My answer"), nbformat.v4.new_code_cell(code.decode())]
    return nbformat.writes(nb)


def build_class(root: Path, exercises: list[Exercise]) -> Klass:
    """Students in every layout a class hands in: folders, a zip of a folder, a notebook."""
    klass = Klass(root, exercises)
    root.mkdir(parents=True)

    def put(student: str, ex: Exercise, code: bytes, layout: str) -> None:
        klass.code[(student, ex.slug)] = code
        base = root / student
        if layout == "mirror":
            path = base / ex.track / ex.slug / f"{ex.module}.py"
        elif layout == "notebook":
            path = base / f"answer-{ex.slug}.ipynb"  # found by its metadata, not its name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_notebook(code, ex.slug), encoding="utf-8")
            return
        else:
            path = base / f"{ex.module}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(code)

    for ex in exercises:
        mutants = list(ex.mutant_paths)
        put("ada", ex, ex.reference_path.read_bytes(), "mirror")
        put("ben", ex, ex.starter_path.read_bytes(), "flat")
        put("cy", ex, mutants[0].read_bytes(), "flat")
        put("dee", ex, mutants[-1].read_bytes(), "mirror")
        put("eli", ex, ex.reference_path.read_bytes(), "notebook")
    # fay hands in a zip of a folder: fay.zip -> fay/<module>.py
    for ex in exercises:
        klass.code[("fay", ex.slug)] = ex.reference_path.read_bytes() if ex.slug == exercises[0].slug \
            else ex.starter_path.read_bytes()
    with zipfile.ZipFile(root / "fay.zip", "w") as zf:
        for ex in exercises:
            zf.writestr(f"fay/{ex.module}.py", klass.code[("fay", ex.slug)])
    return klass


@dataclass
class Graded:
    klass: Klass
    gradebook: Path
    runs: int
    summary: object
    snapshots: list[list[GradeRow]]  # what a concurrent reader saw while the batch wrote


@pytest.fixture(scope="session")
def dojo_catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def klass(tmp_path_factory, dojo_catalog) -> Klass:
    return build_class(tmp_path_factory.mktemp("class") / "submissions", class_exercises(dojo_catalog))


@pytest.fixture(scope="session")
def graded(tmp_path_factory, klass, dojo_catalog, sandbox) -> Graded:
    """The class graded once with 2 workers, while a second connection reads the gradebook."""
    from grader.classroom.batch import run_batch

    path = tmp_path_factory.mktemp("gradebook") / "gradebook.sqlite"
    counting = CountingSandbox(sandbox)
    snapshots: list[list[GradeRow]] = []
    done = threading.Event()
    out: dict[str, object] = {}

    def batch() -> None:
        try:
            with Gradebook(path) as gb:
                out["summary"] = run_batch(dojo_catalog, klass.root, gb, counting, workers=2)
        except BaseException as exc:  # noqa: BLE001 - surfaced in the main thread
            out["error"] = exc
        finally:
            done.set()

    worker = threading.Thread(target=batch)
    worker.start()
    while not done.is_set():
        if path.is_file():
            try:
                with Gradebook(path, readonly=True) as reader:
                    snapshots.append(reader.rows())
            except sqlite3.DatabaseError:  # the writer may still be creating the schema
                pass
        time.sleep(0.05)
    worker.join()
    if "error" in out:
        raise out["error"]  # type: ignore[misc]
    with Gradebook(path, readonly=True) as reader:
        snapshots.append(reader.rows())
    return Graded(klass, path, counting.runs, out["summary"], snapshots)


def copy_gradebook(src: Path, dest_dir: Path) -> Path:
    """A private copy of a gradebook, made with SQLite's backup API: what a WAL still holds is copied
    too (a read-only connection closing last cannot fold the WAL back into the file)."""
    dest = dest_dir / src.name
    with sqlite3.connect(f"file:{src}?mode=ro", uri=True) as source, sqlite3.connect(dest) as target:
        source.backup(target)
    source.close()
    target.close()
    return dest
