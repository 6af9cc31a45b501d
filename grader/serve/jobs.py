"""Run, Submit and Custom input as jobs: one at a time per exercise, watched and cancellable.

A job runs in its own thread of the server process, through the same functions as the CLI
(grader.visible.run_visible, grader.grading.grade_or_error, grader.tryout.run), against the one
sandbox the server opened at start. The page polls the job for its phase and elapsed time.

Cancelling ends the job's sandboxed run at once: `CancellableSandbox` learns the handle of each
run it starts for an exercise (the sandbox's `on_start`) and ends it with the sandbox's `end`; a
later run of a cancelled job is refused.
"""
from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

JOBS_KEPT = 50  # finished jobs kept for the page to read


class Cancelled(BaseException):
    """Raised inside a job's thread once it is cancelled. A BaseException, so that the graders'
    `except Exception` (one exercise's error becomes its result) lets it through."""


class Busy(Exception):
    """The exercise already has a job running."""

    def __init__(self, job: "Job") -> None:
        super().__init__(f"{job.slug} is already running a {job.kind}")
        self.job = job


@dataclass
class Job:
    id: str
    slug: str
    module: str
    kind: str  # run | submit | try
    phase: str = "starting"
    state: str = "running"  # running | done | failed | cancelled
    result: dict[str, Any] | None = None
    error: str | None = None
    started: float = field(default_factory=time.monotonic)
    ended: float | None = None
    cancelled: threading.Event = field(default_factory=threading.Event)
    pids: set[int] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)
    end: Callable[[int], None] | None = None  # the sandbox's way to end a run

    def attach(self, pid: int, end: Callable[[int], None]) -> None:
        with self.lock:
            self.pids.add(pid)
            self.end = end
            if self.cancelled.is_set():
                end(pid)

    def detach(self, pid: int) -> None:
        with self.lock:
            self.pids.discard(pid)

    def cancel(self) -> None:
        with self.lock:
            self.cancelled.set()
            for pid in self.pids:
                if self.end is not None:
                    self.end(pid)

    def view(self) -> dict[str, Any]:
        now = self.ended if self.ended is not None else time.monotonic()
        out: dict[str, Any] = {"id": self.id, "slug": self.slug, "kind": self.kind, "state": self.state,
                               "phase": self.phase, "elapsed": round(now - self.started, 1)}
        if self.result is not None:
            out["result"] = self.result
        if self.error is not None:
            out["error"] = self.error
        return out


class CancellableSandbox:
    """The server's sandbox, with each run tied to the job of its exercise so it can be ended.

    It stands in for the sandbox wherever the graders take one; everything but `run` passes
    through. The job is found by the run's module name (one job per exercise at a time), so the
    runs a grade makes from its own worker thread are tied to it too."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self._jobs: dict[str, Job] = {}
        self._running = threading.local()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def bind(self, job: Job) -> None:
        self._jobs[job.module] = job

    def unbind(self, job: Job) -> None:
        if self._jobs.get(job.module) is job:
            del self._jobs[job.module]

    def run(self, job: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        owner = self._jobs.get(str(job.get("module")))
        if owner is not None and owner.cancelled.is_set():
            raise Cancelled()
        self._running.job, self._running.pid = owner, None

        def started(handle: int) -> None:
            if owner is not None:
                owner.attach(handle, self.inner.end)
                self._running.pid = handle

        try:
            return self.inner.run(job, *args, on_start=started, **kwargs)
        finally:
            if owner is not None and self._running.pid is not None:
                owner.detach(self._running.pid)
            self._running.job = self._running.pid = None


class Board:
    """Every job of the server: at most one running per exercise."""

    def __init__(self, sandbox: CancellableSandbox) -> None:
        self.sandbox = sandbox
        self.jobs: dict[str, Job] = {}
        self.running: dict[str, Job] = {}
        self.lock = threading.Lock()
        self._ids = itertools.count(1)

    def start(self, slug: str, module: str, kind: str, work: Callable[[Job], dict[str, Any]]) -> Job:
        with self.lock:
            current = self.running.get(slug)
            if current is not None:
                raise Busy(current)
            job = Job(id=f"{next(self._ids)}", slug=slug, module=module, kind=kind)
            self.running[slug] = job
            self.jobs[job.id] = job
            for old in list(self.jobs)[:-JOBS_KEPT]:
                if self.jobs[old].state != "running":
                    del self.jobs[old]
        self.sandbox.bind(job)
        thread = threading.Thread(target=self._run, args=(job, work), name=f"dojo-{kind}-{slug}", daemon=True)
        thread.start()
        return job

    def _run(self, job: Job, work: Callable[[Job], dict[str, Any]]) -> None:
        try:
            result = work(job)
            if job.cancelled.is_set():
                job.state, job.phase = "cancelled", "cancelled"
            else:
                job.result, job.state, job.phase = result, "done", "done"
        except Cancelled:
            job.state, job.phase = "cancelled", "cancelled"
        except Exception as exc:  # noqa: BLE001 - reported to the page, the server goes on
            job.state, job.phase = "failed", "failed"
            job.error = str(exc) or type(exc).__name__
        finally:
            job.ended = time.monotonic()
            self.sandbox.unbind(job)
            with self.lock:
                if self.running.get(job.slug) is job:
                    del self.running[job.slug]

    def get(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)

    def cancel(self, job_id: str) -> Job | None:
        job = self.jobs.get(job_id)
        if job is not None and job.state == "running":
            job.phase = "cancelling"
            job.cancel()
        return job

    def cancel_all(self) -> None:
        for job in list(self.running.values()):
            job.cancel()
