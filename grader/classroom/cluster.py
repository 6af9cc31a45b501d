"""Grade a batch on a Dask cluster: the client side.

The client plans the batch as plain grade-batch does (same hashes, same resume), sends each
(student, exercise) to the cluster (a few to a Dask task in a large batch) carrying the submission's bytes and the hashes of the
exercise and of the grader, and stays the gradebook's only writer: `ClusterRunner.run` yields each
task exactly once, with its result, as tasks complete (`as_completed`), and batch.grade_tasks records
it at once. At most `window` tasks are in flight, so a class of any size never sits in the scheduler's
memory. A worker that dies mid-task has the task rerun elsewhere by Dask (a task that kills every
worker it runs on counts against the batch's retry budget); a worker whose sandbox stopped asks for
the task to be sent again; a worker that refuses (weak isolation, a different copy of an exercise or
of the grader) stops the batch, recording nothing it did not grade.

Needs the `cluster` extra (`pip install transformer-dojo[cluster]`); nothing else imports it.
"""
from __future__ import annotations

import logging
import uuid
from collections import Counter
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any, Iterator

from grader.classroom import cluster_worker as cw
from grader.classroom.batch import GraderFailure, Task
from grader.classroom.policy import WeakIsolation
from grader.errors import UsageError

if TYPE_CHECKING:
    from grader.grading import ExerciseResult

MAX_AUTO_CHUNK = 8  # a worker killed mid-task costs at most this many grades done again
MAX_RESENDS = 3  # a task whose worker's sandbox stopped is sent again this many times at most
CONNECT_TIMEOUT_S = 30.0
WORKER_WAIT_S = 120.0  # a scheduler whose workers are still being started (Slurm, Kubernetes)


@dataclass(frozen=True)
class ClusterOptions:
    scheduler: str | None = None  # tcp://host:8786, tls://..., or a scheduler file (JSON)
    local_workers: int = 0  # start a LocalCluster of this many worker processes instead
    isolate: bool = True
    allow_weak: bool = False
    worker_root: str | None = None  # the course folder on the workers (default: their installed package)
    window: int = 0  # Dask tasks in flight at once; 0: four per worker thread, at least 8
    chunk: int = 0  # grades per Dask task; 0: chosen from the batch's size (1 to MAX_AUTO_CHUNK)

    def __post_init__(self) -> None:
        if bool(self.scheduler) == bool(self.local_workers):
            raise UsageError("name either a scheduler (--scheduler ADDRESS) or a local cluster (--local-cluster N)")
        if self.local_workers < 0:
            raise UsageError("--local-cluster must be at least 1")
        if self.chunk < 0 or self.window < 0:
            raise UsageError("chunk and window must be positive (0 chooses them)")


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise UsageError("grading on a cluster needs Dask: pip install 'transformer-dojo[cluster]'") from None
    return distributed


@dataclass
class WorkerInfo:
    address: str
    mode: str
    label: str
    protects: bool
    pid: int = 0
    zygotes: list[int] = field(default_factory=list)


class ClusterRunner:
    """A connection to a Dask cluster with the grading plugin registered on every worker."""

    def __init__(self, options: ClusterOptions) -> None:
        distributed = _distributed()
        self.options = options
        self.local: Any = None
        self.plugin = cw.plugin_name(options.isolate, options.worker_root)
        self.modes: dict[str, str] = {}  # worker address -> isolation label, of every worker that graded
        self.grader = cw.grader_hash()  # this client's grader: every worker must run the same
        self.refused: str | None = None  # why a worker refused, once one has
        self.not_sent = 0
        if options.local_workers:
            self.local = distributed.LocalCluster(
                n_workers=options.local_workers, threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=logging.ERROR, env=dict(cw.THREAD_ENV))
            self.client = distributed.Client(self.local, timeout=CONNECT_TIMEOUT_S)
            where = f"a local cluster of {options.local_workers} worker process(es)"
        else:
            try:
                self.client = distributed.Client(options.scheduler, timeout=CONNECT_TIMEOUT_S)
            except (OSError, TimeoutError) as exc:
                raise UsageError(f"cannot reach the Dask scheduler at {options.scheduler}: {exc}") from None
            where = f"the scheduler at {options.scheduler}"
        try:
            self.client.wait_for_workers(1, timeout=WORKER_WAIT_S)
        except TimeoutError:
            self.close()
            raise UsageError(f"{where} has no worker after {WORKER_WAIT_S:g} s") from None
        try:
            if any("error" in r for r in self._reports().values()):
                # Registered once per scheduler: a client that reconnects (a resumed batch) finds the
                # workers' sandboxes warm; registering again would restart every one of them.
                self.client.register_plugin(cw.SandboxPlugin(options.isolate, options.worker_root), name=self.plugin)
            self.workers = self.check_workers()
        except BaseException:
            self.close()
            raise

    # ------------------------------------------------------------ before any task

    def check_workers(self) -> list[WorkerInfo]:
        """Every worker's isolation and grader version, refusing (before anything is graded) a worker
        without a sandbox, with another grader, or with a weak isolation that was not allowed."""
        reports = self._reports()
        broken = [f"{addr}: {r['error']}" for addr, r in reports.items() if "error" in r]
        if broken:
            raise UsageError("worker(s) cannot grade: " + "; ".join(broken))
        other = [addr for addr, r in reports.items() if r["grader_hash"] != self.grader]
        if other:
            raise UsageError(f"worker(s) {', '.join(other)} run a different version of the grader than this "
                             "client: install the same one everywhere")
        infos = [WorkerInfo(addr, r["mode"], r["label"], bool(r["protects"]), int(r["pid"]), list(r["zygotes"]))
                 for addr, r in sorted(reports.items())]
        weak = [i for i in infos if not i.protects]
        if weak and not self.options.allow_weak:
            from grader.classroom.policy import advice

            listed = "; ".join(f"{i.address}: {i.label}" for i in weak)
            raise WeakIsolation(
                f"refusing to grade: {len(weak)} worker(s) cannot keep learner code away from the references "
                f"and hidden cases ({listed}). For a stronger isolation on the workers, {advice()}. To grade "
                "anyway (only code you trust), pass --allow-weak-isolation.")
        return infos

    def _reports(self) -> dict[str, dict[str, Any]]:
        return dict(self.client.run(cw.describe_worker, self.plugin))

    def worker_count(self) -> int:
        try:
            return len(self.client.scheduler_info().get("workers", {}))
        except Exception:  # noqa: BLE001 - only shown in the progress bar
            return len(self.workers)

    def threads(self) -> int:
        try:
            return max(1, sum(self.client.nthreads().values()))
        except Exception:  # noqa: BLE001
            return max(1, len(self.workers))

    # ------------------------------------------------------------ the batch

    def item(self, task: Task, hashes: dict[str, str]) -> dict[str, Any]:
        """One (student, exercise) as it travels: the code as bytes, and the hashes to check."""
        ex = task.source.exercise
        return {"student": task.student, "slug": ex.slug, "code": task.source.code, "origin": task.source.origin,
                "submission_hash": task.submission_hash, "exercise_hash": task.exercise_hash,
                "copy_hash": hashes[ex.slug], "budget_s": getattr(task, "budget_s", None)}

    def chunk_size(self, n_tasks: int) -> int:
        """Grades per Dask task: several for a large batch (fewer round trips through the scheduler),
        one for a small one (every worker gets its share)."""
        if self.options.chunk:
            return self.options.chunk
        return max(1, min(MAX_AUTO_CHUNK, n_tasks // (8 * self.threads())))

    def run(self, tasks: list[Task]) -> Iterator[tuple[Task, "ExerciseResult | BaseException"]]:
        """Yield every task sent once, with its result or the exception the grader raised on it.

        After a refusal no new task is sent: `not_sent` counts those left out (graded next run)."""
        from distributed import as_completed

        hashes = {t.source.exercise.slug: cw.copy_hash(t.source.exercise) for t in tasks}
        window = self.options.window or max(8, 4 * self.threads())
        size = self.chunk_size(len(tasks))
        queue = iter(tasks)
        flying: dict[str, tuple[list[tuple[Task, int]], Any]] = {}
        done = as_completed()

        def send(items: list[tuple[Task, int]]) -> None:
            payload = {"plugin": self.plugin, "grader_hash": self.grader, "allow_weak": self.options.allow_weak,
                       "items": [self.item(t, hashes) for t, _ in items]}
            fut = self.client.submit(cw.run_task, payload, key=f"dojo-grade-{uuid.uuid4().hex}", pure=False)
            flying[fut.key] = (items, fut)
            done.add(fut)

        def send_next() -> None:
            items = [(t, 1) for t in islice(queue, size)]
            if items:
                send(items)

        for _ in range(window):
            send_next()
        try:
            for fut in done:
                items, _ = flying.pop(fut.key)
                answers = _answers(fut, len(items))
                fut.release()
                again = [(t, n + 1) for (t, n), a in zip(items, answers)
                         if isinstance(a, dict) and a.get("kind") == "stopped" and n < MAX_RESENDS]
                if again:
                    send(again)
                outcomes = [(t, self._outcome(t, a)) for (t, n), a in zip(items, answers)
                            if not (isinstance(a, dict) and a.get("kind") == "stopped" and n < MAX_RESENDS)]
                if self.refused is None:
                    send_next()  # before recording: the worker grades while the client writes
                yield from outcomes
            self.not_sent = sum(1 for _ in queue)
        finally:
            if flying:  # the client stops early (Ctrl-C): nothing left running on its behalf
                try:
                    self.client.cancel([f for _, f in flying.values()], force=True)
                except Exception:  # noqa: BLE001 - a lost scheduler drops them anyway
                    pass

    def _outcome(self, task: Task, answer: "dict[str, Any] | BaseException") -> "ExerciseResult | BaseException":
        if isinstance(answer, BaseException):
            return answer
        kind = answer.get("kind")
        if answer.get("worker") and answer.get("mode"):
            self.modes.setdefault(str(answer["worker"]), str(answer["mode"]))
        if kind == "result":
            try:
                return result_from_plain(answer.get("result"), task.source.exercise.slug)
            except ValueError as exc:
                return exc
        if kind == "failed":
            return remote_exception(str(answer.get("type", "Exception")), str(answer.get("message", "")))
        if kind == "refused":
            self.refused = self.refused or str(answer.get("why", "a worker refused"))
            return GraderFailure(str(answer.get("why", "a worker refused")))
        if kind == "stopped":
            return GraderFailure(f"the grading sandbox of worker {answer.get('worker')} stopped {MAX_RESENDS} times")
        return ValueError(f"the worker answered {kind!r}, not a result")

    def close(self) -> None:
        try:
            self.client.close()
        finally:
            if self.local is not None:
                self.local.close()

    def __enter__(self) -> "ClusterRunner":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _answers(fut: Any, n: int) -> "list[dict[str, Any] | BaseException]":
    """What a finished future holds: the worker's answer for each of its n items, or why there is none."""
    if fut.status == "error":
        exc = fut.exception()
        return [exc if isinstance(exc, BaseException) else RuntimeError(str(exc))] * n
    if fut.status == "cancelled":
        return [GraderFailure("the scheduler cancelled the task")] * n
    answers = fut.result()
    if not isinstance(answers, list) or len(answers) != n or not all(isinstance(a, dict) for a in answers):
        return [ValueError(f"the worker answered a {type(answers).__name__}, not {n} result(s)")] * n
    return answers


def remote_exception(type_name: str, message: str) -> Exception:
    """An exception named as the worker's was, so the gradebook says what plain grade-batch would."""
    name = type_name if type_name.isidentifier() else "Exception"
    return type(name, (Exception,), {})(message)


# ---------------------------------------------------------------- results back from workers

_STR = ("slug", "title", "stdout", "stderr", "isolation")
_FLOAT = ("max_points", "points", "learner_seconds", "reference_seconds", "check_seconds", "total_seconds")
_CASE = {"name": str, "passed": bool, "message": str, "seconds": float}


def result_from_plain(data: Any, slug: str) -> "ExerciseResult":
    """The ExerciseResult a worker sent, decoded strictly (exact keys and types)."""
    from grader.grading import CaseResult, ExerciseResult

    if not isinstance(data, dict):
        raise ValueError(f"a worker sent a malformed result for {slug} ({type(data).__name__}, not a dict)")
    want = {*_STR, *_FLOAT, "error", "cases"}
    if set(data) != want:
        raise ValueError(f"a worker sent a malformed result for {slug} (keys {sorted(set(data) ^ want)} differ)")
    for key in _STR:
        _expect(data[key], str, f"{slug}: {key}")
    for key in _FLOAT:
        _expect(data[key], float, f"{slug}: {key}")
    if data["error"] is not None:
        _expect(data["error"], str, f"{slug}: error")
    if data["slug"] != slug:
        raise ValueError(f"a worker sent the result of {data['slug']!r} for {slug}")
    _expect(data["cases"], list, f"{slug}: cases")
    cases = []
    for i, case in enumerate(data["cases"]):
        _expect(case, dict, f"{slug}: cases[{i}]")
        if set(case) != set(_CASE):
            raise ValueError(f"a worker sent a malformed result for {slug} (cases[{i}] keys)")
        for key, kind in _CASE.items():
            _expect(case[key], kind, f"{slug}: cases[{i}].{key}")
        cases.append(CaseResult(case["name"], case["passed"], case["message"], case["seconds"]))
    result = ExerciseResult(data["slug"], data["title"], data["max_points"], points=data["points"], cases=cases,
                            error=data["error"], stdout=data["stdout"], stderr=data["stderr"],
                            isolation=data["isolation"])
    result.learner_seconds, result.reference_seconds = data["learner_seconds"], data["reference_seconds"]
    result.check_seconds, result.total_seconds = data["check_seconds"], data["total_seconds"]
    return result


def _expect(value: Any, kind: type, where: str) -> None:
    if type(value) is not kind:
        raise ValueError(f"a worker sent a malformed result ({where} is {type(value).__name__}, not {kind.__name__})")


def isolation_summary(modes: dict[str, str], labels: dict[str, str] | None = None) -> str:
    """The isolation the grades were made under, by worker: "namespaces: ... on 2 worker(s)"."""
    labels = labels or {}
    counts = Counter(modes.values())
    described = {mode: next((labels[a] for a, m in modes.items() if m == mode and a in labels), mode) for mode in counts}
    return "; ".join(f"{described[mode]} on {n} worker(s)" for mode, n in sorted(counts.items())) or "no worker graded code"
