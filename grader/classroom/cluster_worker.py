"""The worker side of cluster grading: one warm sandbox per Dask worker, and the task that grades.

A Dask worker process is a trusted grader process like `dojo grade-batch` itself: it loads the
references and hidden cases, runs the learner's code in its sandbox's forked children, compares,
and hands back plain data (str, float, bool, lists and dicts of them). `SandboxPlugin` opens the
sandbox once per worker (zygotes start once, not per task). Every task carries the hashes the client
computed of the exercise and of the grader's own code: a worker with a different copy of either
refuses that task rather than grade it differently. A worker whose sandbox cannot protect the
references refuses unless the client allowed weak isolation, exactly as plain grade-batch does.

The task function itself needs no Dask, so it can be tested without a cluster.
"""
from __future__ import annotations

import hashlib
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grader.catalog import Catalog, Exercise, load_catalog
from grader.classroom import policy

try:  # the `cluster` extra; without it only the plugin cannot be registered
    from distributed import WorkerPlugin as _PluginBase
except ImportError:  # pragma: no cover - exercised where the extra is missing
    _PluginBase = object  # type: ignore[misc,assignment]

if TYPE_CHECKING:
    from grader.grading import ExerciseResult
    from grader.sandbox.parent import Sandbox

# Learner children already get these from the sandbox; the worker's own reference runs need them too.
THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

BUILD_ENV = "DOJO_GRADER_BUILD"


def grader_hash() -> str:
    """sha256 of the grader package's code as installed now (every .py under grader/): the scoring
    rules. A worker takes it once, when it starts; the client once per batch. Where $DOJO_GRADER_BUILD
    is set (a release tag, a container image's digest), that names the build instead, on every side."""
    build = os.environ.get(BUILD_ENV, "").strip()
    if build:
        return f"build:{build}"
    package = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def copy_hash(ex: Exercise) -> str:
    """sha256 of everything that decides this exercise's scores on a worker: what the gradebook's
    exercise_hash covers, plus every helper module of its solutions folder."""
    from grader.classroom.batch import exercise_hash
    from grader.trusted import protected_files

    h = hashlib.sha256(exercise_hash(ex).encode() + b"\0")
    for path in protected_files(ex):
        h.update(path.relative_to(ex.root).as_posix().encode() + b"\0")
        h.update(path.read_bytes() if path.is_file() else b"<missing>")
        h.update(b"\0")
    return h.hexdigest()


def plugin_name(isolate: bool, root: str | None) -> str:
    """One plugin per (isolation requested, course folder): clients asking for different ones
    on a shared scheduler do not replace each other's sandboxes."""
    where = hashlib.sha256((root or "<installed>").encode()).hexdigest()[:12]
    return f"dojo-sandbox-{'isolated' if isolate else 'plain'}-{where}"


class WorkerState:
    """What a worker keeps between tasks: the catalog, the warm sandbox, its isolation mode."""

    def __init__(self, isolate: bool = True, root: str | None = None, address: str = "",
                 sandbox: "Sandbox | None" = None) -> None:
        from grader.sandbox.parent import open_sandbox

        os.environ.update(THREAD_ENV)
        self.isolate = isolate
        self.grader_hash = grader_hash()
        self.address = address or f"pid {os.getpid()}"
        self.catalog: Catalog = load_catalog(Path(root) if root else None)
        self._by_slug = {ex.slug: ex for ex in self.catalog.exercises}
        self._lock = threading.Lock()
        self._open = open_sandbox
        self.sandbox: "Sandbox" = sandbox if sandbox is not None else open_sandbox(isolate=isolate)
        self.mode = policy.mode(self.sandbox)  # waits for the zygote: it has chosen its mode
        self.label = policy.label(self.sandbox)
        self.protects = policy.protects(self.sandbox)
        self._torch_threads_set = False

    def exercise(self, slug: str) -> Exercise | None:
        return self._by_slug.get(slug)

    def renew_sandbox(self) -> None:
        """The sandbox stopped (a zygote died past its restarts): start a fresh one for later tasks."""
        with self._lock:
            old = self.sandbox
            self.sandbox = self._open(isolate=self.isolate)
            self.mode, self.label = policy.mode(self.sandbox), policy.label(self.sandbox)
            self.protects = policy.protects(self.sandbox)
        try:
            old.close()
        except Exception:  # noqa: BLE001 - a dead sandbox may fail to close cleanly; it is replaced
            pass

    def single_threaded_torch(self) -> None:
        """References of torch exercises run in this process: one intra-op thread, as in grade-batch
        (the worker's task threads are the parallelism)."""
        if not self._torch_threads_set:
            import torch

            torch.set_num_threads(1)
            self._torch_threads_set = True

    def describe(self) -> dict[str, Any]:
        """What the client shows and checks before it sends work."""
        return {"address": self.address, "pid": os.getpid(), "mode": self.mode, "label": self.label,
                "protects": self.protects, "grader_hash": self.grader_hash, "root": str(self.catalog.root),
                "python": sys.version.split()[0], "zygotes": self.sandbox_pids()}

    def sandbox_pids(self) -> list[int]:
        pids = getattr(self.sandbox, "zygote_pids", None)
        return list(pids()) if callable(pids) else []

    def close(self) -> None:
        self.sandbox.close()


# ---------------------------------------------------------------- the task


def result_to_plain(result: "ExerciseResult") -> dict[str, Any]:
    """An ExerciseResult as plain data (what travels back to the client)."""
    return {
        "slug": str(result.slug), "title": str(result.title), "max_points": float(result.max_points),
        "points": float(result.points), "error": None if result.error is None else str(result.error),
        "stdout": str(result.stdout), "stderr": str(result.stderr), "isolation": str(result.isolation),
        "learner_seconds": float(result.learner_seconds), "reference_seconds": float(result.reference_seconds),
        "check_seconds": float(result.check_seconds), "total_seconds": float(result.total_seconds),
        "cases": [{"name": str(c.name), "passed": bool(c.passed), "message": str(c.message),
                   "seconds": float(c.seconds)} for c in result.cases],
    }


def grade_payload(state: WorkerState, payload: dict[str, Any]) -> dict[str, Any]:
    """Grade one (student, exercise) task on this worker; never raises.

    Answers {"kind": "result", "result": {...}}, or "refused" (this worker must not grade it),
    "stopped" (the sandbox stopped: the client sends the task again) or "failed" (the grader raised
    on this submission: the client counts it against the retry budget, as plain grade-batch does).
    """
    from grader.classroom.batch import GraderFailure, Task, _grade_task
    from grader.submission import Source

    base = {"worker": state.address, "mode": state.mode}
    slug = str(payload.get("slug", ""))
    ex = state.exercise(slug)
    if ex is None:
        return {**base, "kind": "refused", "why": f"worker {state.address} has no exercise '{slug}' in its "
                f"course folder {state.catalog.root}"}
    if payload.get("grader_hash") != state.grader_hash:
        return {**base, "kind": "refused", "why": f"worker {state.address} runs a different version of the "
                "grader than the client (install the same one on both)"}
    if payload.get("copy_hash") != copy_hash(ex):
        return {**base, "kind": "refused", "why": f"worker {state.address} has a different copy of {slug} "
                f"(its reference, hidden cases, metadata or support files in {state.catalog.root} differ "
                "from the client's)"}
    try:
        policy.require_protection(state.sandbox, bool(payload.get("allow_weak")),
                                  "pass --allow-weak-isolation to the client")
    except policy.WeakIsolation as exc:
        return {**base, "kind": "refused", "why": f"worker {state.address}: {exc}"}
    if ex.framework == "torch":
        state.single_threaded_torch()
    code = payload.get("code")
    if not isinstance(code, bytes):
        return {**base, "kind": "failed", "type": "TypeError", "message": "the task carries no code as bytes"}
    budget = payload.get("budget_s")  # the course's time budget for this exercise, if it sets one
    extra = {"budget_s": float(budget)} if type(budget) in (int, float) else {}
    task = Task(str(payload.get("student", "")), Source(ex, code, str(payload.get("origin", ""))),
                str(payload.get("submission_hash", "")), str(payload.get("exercise_hash", "")), **extra)
    sandbox = state.sandbox
    try:
        result = _grade_task(sandbox, task)
    except GraderFailure as exc:
        state.renew_sandbox()
        return {**base, "kind": "stopped", "why": str(exc)}
    except Exception as exc:  # noqa: BLE001 - the client records it as plain grade-batch would
        if not sandbox.alive():
            state.renew_sandbox()
            return {**base, "kind": "stopped", "why": f"the grading sandbox stopped ({type(exc).__name__})"}
        return {**base, "kind": "failed", "type": type(exc).__name__, "message": str(exc)[:2000]}
    return {**base, "kind": "result", "result": result_to_plain(result)}


class SandboxPlugin(_PluginBase):  # type: ignore[misc,valid-type]
    """Dask worker plugin: a WorkerState per worker, set up when the worker starts (or joins)."""

    def __init__(self, isolate: bool = True, root: str | None = None) -> None:
        self.isolate = isolate
        self.root = root
        self.name = plugin_name(isolate, root)
        self.state: WorkerState | None = None
        self.error: str | None = None

    async def setup(self, worker: Any) -> None:
        import asyncio

        # Off the worker's event loop: starting zygotes takes a moment, heartbeats go on meanwhile.
        await asyncio.get_running_loop().run_in_executor(None, self._start, str(getattr(worker, "address", "")))

    def _start(self, address: str) -> None:
        try:
            self.state = WorkerState(self.isolate, self.root, address)
        except Exception as exc:  # noqa: BLE001 - kept, so every task on this worker says why
            self.error = f"{type(exc).__name__}: {exc}"

    def teardown(self, worker: Any) -> None:
        if self.state is not None:
            self.state.close()
            self.state = None


def _state(name: str, worker: Any = None) -> tuple[WorkerState | None, str, str]:
    if worker is None:
        from distributed import get_worker

        worker = get_worker()
    plugin = worker.plugins.get(name)
    if plugin is None:
        return None, f"worker {worker.address} has no grading sandbox (plugin {name} is not registered)", worker.address
    if plugin.state is None:
        why = f"worker {worker.address} could not start its grading sandbox ({plugin.error or 'unknown'})"
        return None, why, worker.address
    return plugin.state, "", worker.address


def run_task(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The Dask task: grade each of the payload's items, in turn, with this worker's warm sandbox."""
    items = payload.get("items")
    items = items if isinstance(items, list) else []
    common = {k: v for k, v in payload.items() if k != "items"}
    state, why, address = _state(str(payload.get("plugin", "")))
    if state is None:
        return [{"kind": "refused", "worker": address, "mode": "", "why": why} for _ in items]
    return [grade_payload(state, {**common, **item}) for item in items if isinstance(item, dict)]


def describe_worker(name: str, dask_worker: Any = None) -> dict[str, Any]:
    """Run on every worker before the batch (Client.run passes `dask_worker`): its mode and
    versions, or why it has no sandbox."""
    state, why, _ = _state(name, dask_worker)
    return {"error": why} if state is None else state.describe()
