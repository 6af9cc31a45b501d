"""`dojo grade-batch --scheduler/--local-cluster`: the batch graded on a cluster, with a progress bar
that shows the workers, the throughput and the time left."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from grader.classroom.batch import BatchSummary, Task, grade_tasks
from grader.classroom.cluster import ClusterOptions, ClusterRunner, isolation_summary
from grader.classroom.gradebook import Gradebook, GradeRow
from grader.console import console, escape

if TYPE_CHECKING:
    from rich.progress import TaskID

WORKER_REFRESH_S = 2.0  # how often the bar asks the scheduler how many workers there are


@dataclass
class ClusterBatch:
    """What the command prints after the batch."""

    isolation: str
    weak: bool
    workers: int


def grade_on_cluster(options: ClusterOptions, tasks: list[Task], gradebook: Gradebook,
                     summary: BatchSummary, show_progress: bool = True) -> ClusterBatch:
    """Grade `tasks` (all with code) on the cluster, recording each result as it arrives."""
    with ClusterRunner(options) as runner:
        labels = {w.address: w.label for w in runner.workers}
        weak = any(not w.protects for w in runner.workers)
        console.print(f"cluster: {len(runner.workers)} worker(s) "
                      f"({isolation_summary({w.address: w.mode for w in runner.workers}, labels)})", markup=False)
        with _Bar(runner, len(tasks), show_progress) as bar:
            grade_tasks(None, tasks, gradebook, summary, runner=runner.run, on_done=bar.on_done)
        if runner.not_sent:
            summary.not_recorded.append(f"{runner.not_sent} more not graded: {runner.refused}")
        workers = len(runner.modes) or len(runner.workers)
        return ClusterBatch(isolation_summary(runner.modes, labels), weak, workers)


class _Bar:
    """rich progress: done / total, workers, grades per minute, elapsed, ETA, the last grade."""

    def __init__(self, runner: ClusterRunner, total: int, show: bool) -> None:
        self.runner = runner
        self.show = show
        self.started = time.perf_counter()
        self.done = 0
        self.checked = 0.0
        self.progress = Progress(
            TextColumn("[bold]grading[/]"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[workers]}"),
            TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
            TextColumn("{task.fields[last]}"), console=console, disable=not show)
        self.job: "TaskID" = self.progress.add_task("grading", total=total, last="", rate="",
                                                    workers=f"{len(runner.workers)} worker(s)")

    def on_done(self, task: Task, row: GradeRow | None) -> None:
        self.done += 1
        now = time.perf_counter()
        fields: dict[str, str] = {}
        if now - self.checked > WORKER_REFRESH_S:
            self.checked = now
            fields["workers"] = f"{self.runner.worker_count()} worker(s)"
        rate = self.done / max(now - self.started, 1e-9) * 60
        mark = "?" if row is None else {"passed": "✔", "partial": "◐"}.get(row.status, "✘")
        name = escape("".join(ch if ch.isprintable() else "?" for ch in task.student[:24]))  # student-controlled
        self.progress.update(self.job, advance=1, rate=f"{rate:.0f}/min",
                             last=f"{mark} {name} {task.source.exercise.slug}", **fields)

    def __enter__(self) -> "_Bar":
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(*exc)  # type: ignore[arg-type]
