"""Grade a class: find each student's submission, skip what is already graded, grade the rest.

Workers are threads sharing one Sandbox: the learner's code runs in forked, sandboxed children
(one per student and exercise, exactly as `dojo grade` does), so the threads only wait on those
children and run the trusted comparison. The main thread is the gradebook's only writer: it
records each result the moment a worker hands it over, one transaction per result.
"""
from __future__ import annotations

import hashlib
import tempfile
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from grader.catalog import Catalog, Exercise
from grader.errors import SubmissionError, UsageError
from grader.classroom import policy
from grader.classroom.gradebook import CaseRow, Gradebook, GradeRow
from grader.classroom import identity, layouts
from grader.classroom.locate import Locator, is_missing
from grader.submission import Source, source_from_path, notebook_code
from grader.classroom.unpack import UnsafeArchive, safe_extract

if TYPE_CHECKING:
    from grader.grading import ExerciseResult
    from grader.sandbox.parent import Sandbox

SUBMISSION_SUFFIXES = (".zip", ".py", ".ipynb")
RETRY_BUDGET = 3  # runs in which the grader may raise on one submission before it records an error for good
GRADEBOOK_SUFFIXES = (".sqlite", ".sqlite-wal", ".sqlite-shm", ".sqlite-journal", ".csv")


@dataclass
class Student:
    """One student's submission: a folder, a .zip, or a single .py/.ipynb."""

    name: str
    path: Path
    folder: Path | None = None  # where its files are (a zip is extracted here)
    problem: str | None = None  # why nothing of it can be graded, in words
    locator: Locator | None = None  # the folder, walked once
    files: tuple[Path, ...] = ()  # loose files that make one submission together (Canvas's download)
    info: layouts.Entry | None = None  # what an LMS layout says of the student (LMS id, late marker)


@dataclass(frozen=True)
class Task:
    student: str
    source: Source
    submission_hash: str
    exercise_hash: str
    attempts: int = 0  # earlier runs in which the grader raised on exactly this code
    keeps_grade: bool = False  # a real grade (of older code) is recorded: keep it while retries remain
    budget_s: float | None = None  # wall-clock seconds this exercise may cost at most (None: the default bound)


@dataclass
class BatchSummary:
    students: int = 0
    exercises: list[str] = field(default_factory=list)
    graded: int = 0
    up_to_date: int = 0
    errors: int = 0  # (student, exercise) entries recorded as "error"
    not_recorded: list[str] = field(default_factory=list)  # grader failures: the old row, if any, stays
    failed: list[str] = field(default_factory=list)  # the grader raised on these: error rows, retried next run
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # what the layout was taken for, what was left out
    found: list[Student] = field(default_factory=list)  # the students planned (their scratch folders are gone)


# ---------------------------------------------------------------- discovery


def _is_nbgrader(root: Path) -> Path | None:
    """nbgrader's submitted/<student>/<assignment>/ layout: the `submitted` folder, if this is one."""
    if root.name == "submitted":
        return root
    if (root / "submitted").is_dir():
        return root / "submitted"
    return None


def discover(root: Path, catalog: Catalog | None = None, notes: list[str] | None = None) -> list[Student]:
    """One Student per entry of SUBMISSIONS/ (or the single file given); with the catalog, Canvas's
    and Moodle's downloads and one student's own exercises/ folder are recognised (layouts.py)."""
    if not root.exists():
        raise UsageError(f"{root}: no such file or folder")
    layout = layouts.detect(root, catalog, GRADEBOOK_SUFFIXES) if catalog is not None else None
    if layout is not None:
        if notes is not None:
            notes.extend(layout.notes)
        return [Student(e.name, e.path, files=e.files, info=e) for e in layout.entries]
    if root.is_file():
        if root.suffix not in SUBMISSION_SUFFIXES:
            raise UsageError(f"{root}: expected a folder of submissions, a .zip, a .py or an .ipynb")
        return [Student(root.stem, root)]
    root = _is_nbgrader(root) or root
    entries = [p for p in sorted(root.iterdir()) if not p.name.startswith((".", "_"))
               and not p.name.endswith(GRADEBOOK_SUFFIXES) and (p.is_dir() or p.suffix in SUBMISSION_SUFFIXES)]
    stems = [p.stem if p.is_file() else p.name for p in entries]
    counts = Counter(stems)
    students = []
    for p, stem in zip(entries, stems):
        # alice/ next to alice.zip: keep both, told apart by their full names
        name = p.name if counts[stem] > 1 else stem
        students.append(Student(name, p))
    return students


def materialise(student: Student, scratch: Path) -> None:
    """Give the student a folder to search (a zip is extracted safely into `scratch`, a new folder).

    Whatever the submission holds, this only ever sets `student.problem`: one hostile
    submission is that student's error entry, never the end of the batch.
    """
    p = student.path
    try:
        if p.is_symlink():
            student.problem = f"{p.name} is a symbolic link: submit the file itself"
        elif student.files:  # loose files (Canvas): gathered under the names the student gave them
            scratch.mkdir()
            layouts.gather(student.files, p, scratch)
            student.folder = scratch
        elif p.is_dir():
            student.folder = p
        elif p.suffix == ".zip":
            scratch.mkdir()
            safe_extract(p, scratch)
            student.folder = scratch
        else:
            student.folder = None  # a single .py/.ipynb: sources() handles it
            if p.stat().st_size == 0:
                student.problem = f"{p.name} is empty"
        if student.folder is not None and student.problem is None:
            student.locator = Locator(student.folder, student.name if student.files else p.name)
            if student.locator.problem:
                student.problem = student.locator.problem
            elif not student.locator.file_count:
                student.problem = f"the submission is empty (no files in {p.name})"
    except UnsafeArchive as exc:
        student.problem = f"{p.name}: {exc}"
    except OSError as exc:
        student.problem = f"{p.name} cannot be read ({exc.strerror})"
    except Exception as exc:  # noqa: BLE001 - a submission that breaks the grader is its own error
        student.problem = f"{p.name} cannot be read ({_why(exc)})"


def _why(exc: BaseException) -> str:
    text = str(exc).splitlines()[0][:160] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def sources(student: Student, exercises: list[Exercise]) -> list[Source]:
    """The student's source for each exercise, or an error Source saying why there is none."""
    try:
        return _sources(student, exercises)
    except Exception as exc:  # noqa: BLE001 - one unreadable submission costs that student only
        why = f"{student.path.name} cannot be read ({_why(exc)})"
        return [Source(ex, None, student.path.name, why) for ex in exercises]


def _sources(student: Student, exercises: list[Exercise]) -> list[Source]:
    if student.problem:
        return [Source(ex, None, student.path.name, student.problem) for ex in exercises]
    if student.locator is not None:
        return [student.locator.source(ex) for ex in exercises]
    # A single file: one exercise, or the one a notebook names in its metadata.
    name = student.path.name
    base = student.path.parent  # the file itself is never followed if it is a link
    if student.path.suffix == ".py":
        whole = source_from_path(exercises[0], student.path, base)  # unreadable or empty: say so for every exercise
        if whole.code is None or not whole.code.strip():
            why = (whole.error or "").replace(str(student.path), name) if whole.code is None else f"{name} is empty"
            return [Source(ex, None, name, why) for ex in exercises]
    target = exercises[0] if len(exercises) == 1 else None
    if target is None and student.path.suffix == ".ipynb":
        try:
            _, slug = notebook_code(student.path, base)
        except SubmissionError as exc:
            why = str(exc).replace(str(student.path), name)
            return [Source(ex, None, name, why) for ex in exercises]
        target = next((ex for ex in exercises if ex.slug == slug), None)
    out = []
    for ex in exercises:
        if ex is not target:
            out.append(Source(ex, None, name, f"{name} is a single file and does not hold {ex.slug}"))
            continue
        src = source_from_path(ex, student.path, base)
        if src.code is None:
            out.append(Source(ex, None, name, (src.error or "cannot be read").replace(str(student.path), name)))
        elif not src.code.strip():
            out.append(Source(ex, None, name, f"{name} is empty"))
        else:
            out.append(Source(ex, src.code, name))
    return out


def exercises_submitted(catalog: Catalog, students: list[Student]) -> list[Exercise]:
    """The catalog's exercises that at least one student handed in (catalog order)."""
    found: set[str] = set()
    for st in students:
        if st.problem:
            continue
        try:
            if st.locator is not None:
                found.update(ex.slug for ex in catalog.exercises if ex.slug not in found and st.locator.find(ex))
            elif st.path.suffix == ".ipynb":
                slug = notebook_code(st.path, st.path.parent)[1]
                if slug is not None:
                    found.add(slug)
        except Exception:  # noqa: BLE001 - the student's error entry says why, once exercises are known
            continue
    return [ex for ex in catalog.exercises if ex.slug in found]


# ---------------------------------------------------------------- hashing


def submission_hash(source: Source) -> str:
    """Changes whenever the student's code for this exercise does (or the reason it has none)."""
    if source.code is not None:
        return hashlib.sha256(b"code\0" + source.code).hexdigest()
    return hashlib.sha256(b"error\0" + (source.error or "").encode("utf-8")).hexdigest()


def exercise_hash(ex: Exercise) -> str:
    """Changes when the reference, the hidden cases, the metadata or a support file does."""
    h = hashlib.sha256()
    for path in (ex.reference_path, ex.hidden_path, ex.dir / "exercise.toml",
                 *(ex.dir / name for name in ex.support_files)):
        h.update(path.name.encode() + b"\0")
        h.update(path.read_bytes() if path.is_file() else b"<missing>")
        h.update(b"\0")
    return h.hexdigest()


# ---------------------------------------------------------------- planning and grading


def plan(students: list[Student], exercises: list[Exercise], done: dict[tuple[str, str], tuple[str, str]],
         regrade: bool, failures: dict[tuple[str, str], tuple[str, str, int]] | None = None) -> tuple[list[Task], int]:
    """The (student, exercise) pairs still to grade, and how many are already up to date.

    A pair on which the grader raised is graded again on the next runs, RETRY_BUDGET times in all;
    after that its error entry stands until the code or the exercise changes (or --regrade).
    """
    failures = failures or {}
    ex_hashes = {ex.slug: exercise_hash(ex) for ex in exercises}
    tasks: list[Task] = []
    up_to_date = 0
    for st in students:
        for src in sources(st, exercises):
            key = (st.name, src.exercise.slug)
            fp = (submission_hash(src), ex_hashes[src.exercise.slug])
            failed = failures.get(key)
            attempts = failed[2] if failed is not None and failed[:2] == fp else 0
            if not regrade and done.get(key) == fp and not 0 < attempts < RETRY_BUDGET:
                up_to_date += 1
                continue
            # The row holds a real grade unless it is the error entry of this very failure.
            keeps_grade = key in done and not (failed is not None and done[key] == failed[:2])
            tasks.append(Task(st.name, src, *fp, attempts=attempts, keeps_grade=keeps_grade))
    return tasks, up_to_date


def error_row(task: Task) -> GradeRow:
    """The gradebook entry of a student with no gradable code for this exercise, saying why."""
    ex = task.source.exercise
    return GradeRow(student=task.student, exercise=ex.slug, title=ex.title, points=0.0, max_points=ex.points,
                    status="error", error=task.source.error or "no submission", origin=task.source.origin,
                    submission_hash=task.submission_hash, exercise_hash=task.exercise_hash,
                    missing=is_missing(task.source))


def to_row(task: Task, result: "ExerciseResult") -> GradeRow:
    return GradeRow(
        student=task.student, exercise=result.slug, title=result.title, points=result.points,
        max_points=result.max_points, status=result.status, error=result.error,
        cases=tuple(CaseRow(c.name, c.passed, c.message, round(c.seconds, 4)) for c in result.cases),
        stdout=result.stdout, stderr=result.stderr, isolation=result.isolation, origin=task.source.origin,
        submission_hash=task.submission_hash, exercise_hash=task.exercise_hash, seconds=round(result.total_seconds, 4),
    )


def record_grader_failure(task: Task, exc: BaseException, gradebook: Gradebook, summary: BatchSummary) -> GradeRow | None:
    """The grader raised on this task: count it, and record an error entry unless an older grade
    stands and retries remain. Returns the row recorded, if any."""
    attempts = task.attempts + 1
    why = f"the grader failed on this submission ({_why(exc)}; attempt {attempts} of {RETRY_BUDGET})"
    label = f"{task.student} / {task.source.exercise.slug}: {why}"
    row = None
    if not task.keeps_grade or attempts >= RETRY_BUDGET:
        later = ("it is graded again on the next run" if attempts < RETRY_BUDGET else
                 "not tried again until the submission or the exercise changes, or with --regrade")
        row = replace(error_row(task), error=f"{why}; {later}")
    gradebook.record_failure(task.student, task.source.exercise.slug, task.submission_hash, task.exercise_hash,
                             attempts, why, row)
    if row is None:
        summary.not_recorded.append(label)
    else:
        summary.failed.append(label)
        summary.graded += 1
        summary.errors += 1
    return row


class GraderFailure(Exception):
    """The grader itself could not produce a trustworthy result (not the student's fault)."""


def _sandbox_stopped(sandbox: "Sandbox") -> bool:
    """Whether a zygote of the sandbox has exited."""
    return not sandbox.alive()


def _grade_task(sandbox: "Sandbox", task: Task) -> "ExerciseResult":
    from grader.grading import grade

    result = grade(sandbox, task.source, budget_s=task.budget_s)
    if _sandbox_stopped(sandbox):
        # A dead zygote makes every verdict "crashed": never let that overwrite a real grade.
        raise GraderFailure("the grading sandbox stopped")
    result.isolation = policy.weaker(result.isolation, getattr(sandbox, "mode", None))
    return result


Selector = Callable[[list[Student]], list[Student]]  # `--students`: which of the students found to grade


def prepare(catalog: Catalog, root: Path, scratch: Path, wanted: list[Exercise] | None, select: Selector | None = None,
            notes: list[str] | None = None, known: Iterable[str] = ()) -> tuple[list[Student], list[Exercise]]:
    """The students (only those `select` keeps), unpacked, and the exercises to grade: those named, else
    those some student handed in (or, for a selection, that the gradebook already `known`s)."""
    students = discover(root, catalog, notes)
    if select is not None:
        students = select(students)
    for i, st in enumerate(students):
        materialise(st, scratch / str(i))
    exercises = wanted if wanted else exercises_submitted(catalog, students)
    if not wanted and select is not None:
        have = {ex.slug for ex in exercises} | set(known)
        exercises = [ex for ex in catalog.exercises if ex.slug in have]
    if students and not exercises:
        raise UsageError(f"found no exercise of the catalog in {root}; name them with --exercises")
    return students, exercises


def plan_batch(catalog: Catalog, root: Path, gradebook: Gradebook, exercises: list[Exercise] | None = None,
               regrade: bool = False, select: Selector | None = None,
               budget_s: float | None = None) -> tuple[list[Task], BatchSummary]:
    """Discover, unpack and hash every submission: the tasks still to grade (no sandbox needed)."""
    summary = BatchSummary()
    with tempfile.TemporaryDirectory(prefix="dojo-batch-") as scratch:
        students, chosen = prepare(catalog, root, Path(scratch), exercises, select, summary.notes,
                                   known={e for _, e in gradebook.fingerprints()})
        summary.students = len(students)
        summary.exercises = [ex.slug for ex in chosen]
        # Sources hold the code itself, so the extracted files can go now.
        tasks, summary.up_to_date = plan(students, chosen, gradebook.fingerprints(), regrade, gradebook.failures())
        summary.found = students
    if budget_s is not None:
        tasks = [replace(t, budget_s=budget_s) for t in tasks]
    identity.note(gradebook, students, tasks)  # who they are, and each source once (for the similarity list)
    return tasks, summary


def record_errors(tasks: list[Task], gradebook: Gradebook, summary: BatchSummary,
                  on_done: Callable[[Task, GradeRow | None], None] | None = None) -> list[Task]:
    """Record the entries that have no code (missing, unreadable, unsafe); return the tasks left to grade.

    These need neither the sandbox nor torch, so a rerun with only such entries stays instant.
    """
    for task in tasks:
        if task.source.code is None:
            row = error_row(task)
            gradebook.record(row)
            summary.graded += 1
            summary.errors += 1
            if on_done:
                on_done(task, row)
    return [t for t in tasks if t.source.code is not None]


# Grades tasks somewhere else (a cluster): yields each task once with its result, or the exception
# the grader raised on it (GraderFailure: not the submission's fault, nothing is recorded).
Runner = Callable[[list[Task]], Iterable[tuple[Task, "ExerciseResult | BaseException"]]]


def grade_tasks(sandbox: "Sandbox | None", tasks: list[Task], gradebook: Gradebook, summary: BatchSummary,
                workers: int = 2, on_done: Callable[[Task, GradeRow | None], None] | None = None,
                runner: Runner | None = None) -> BatchSummary:
    """Grade the tasks with `workers` threads (or `runner`), recording each result as soon as it is known."""
    tasks = record_errors(tasks, gradebook, summary, on_done)
    if tasks and runner is not None:
        for task, outcome in runner(tasks):
            row = record_outcome(task, outcome, gradebook, summary)
            if on_done:
                on_done(task, row)
    elif tasks:
        assert sandbox is not None, "grading code needs a sandbox or a runner"
        _warm_up(tasks)
        _run_pool(sandbox, tasks, max(1, workers), gradebook, summary, on_done)
    return summary


def record_outcome(task: Task, outcome: "ExerciseResult | BaseException | None", gradebook: Gradebook,
                   summary: BatchSummary) -> GradeRow | None:
    """Record what grading one task gave; returns the row recorded, if any."""
    if isinstance(outcome, GraderFailure):
        summary.not_recorded.append(f"{task.student} / {task.source.exercise.slug}: {outcome}")
        return None
    if isinstance(outcome, BaseException):  # costs this task only, a few retries at most
        return record_grader_failure(task, outcome, gradebook, summary)
    if outcome is None:
        return None
    row = to_row(task, outcome)
    gradebook.record(row)
    summary.graded += 1
    summary.errors += row.status == "error"
    return row


def run_batch(
    catalog: Catalog,
    root: Path,
    gradebook: Gradebook,
    sandbox: "Sandbox",
    exercises: list[Exercise] | None = None,
    workers: int = 2,
    regrade: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[Task, GradeRow | None], None] | None = None,
    select: Selector | None = None,
    budget_s: float | None = None,
) -> BatchSummary:
    """Grade every (student, exercise) of `root` not already in the gradebook with the same hashes."""
    started = time.perf_counter()
    tasks, summary = plan_batch(catalog, root, gradebook, exercises, regrade, select, budget_s)
    if on_start:
        on_start(len(tasks))
    grade_tasks(sandbox, tasks, gradebook, summary, workers, on_done)
    summary.seconds = time.perf_counter() - started
    return summary


def _warm_up(tasks: Iterable[Task]) -> None:
    """Load each exercise's hidden cases once, here, rather than racing in several threads."""
    from grader import trusted

    for ex in {t.source.exercise.slug: t.source.exercise for t in tasks}.values():
        try:
            trusted.hidden_cases(ex)
        except Exception:  # noqa: BLE001 - a broken exercise is reported by each of its tasks
            pass


def _run_pool(sandbox: "Sandbox", tasks: list[Task], workers: int, gradebook: Gradebook, summary: BatchSummary,
              on_done: Callable[[Task, GradeRow | None], None] | None) -> None:
    stop = threading.Event()

    def work(task: Task) -> "ExerciseResult | None":
        return None if stop.is_set() else _grade_task(sandbox, task)

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="dojo-grade")
    try:
        # At most 2 tasks queued per worker: an interrupted batch leaves little to cancel.
        queue = iter(tasks)
        running: dict[Future, Task] = {}
        for task in queue:
            running[pool.submit(work, task)] = task
            if len(running) >= workers * 2:
                break
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for fut in finished:
                task = running.pop(fut)
                try:
                    outcome: "ExerciseResult | BaseException | None" = fut.result()
                except Exception as exc:  # noqa: BLE001 - recorded below
                    outcome = exc
                if isinstance(outcome, GraderFailure):
                    stop.set()  # every later verdict would be wrong too
                row = record_outcome(task, outcome, gradebook, summary)
                if on_done:
                    on_done(task, row)
                nxt = next(queue, None)
                if nxt is not None and not stop.is_set():
                    running[pool.submit(work, nxt)] = nxt
        left = sum(1 for _ in queue)
        if stop.is_set() and left:
            summary.not_recorded.append(f"{left} more not graded: the grading sandbox stopped")
    finally:
        stop.set()
        pool.shutdown(wait=True, cancel_futures=True)
