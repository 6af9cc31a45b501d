"""Benchmark grading on a Dask cluster: grades per minute for plain grade-batch and for a LocalCluster of
1 and 2 worker processes on the same class in one run, and how fast one client can take results in.

The class is synthesised as in bench/batch_throughput.py (student i hands in the reference, the
starter or a mutant of each exercise, in turn). Start-up (sandbox, cluster, worker plugins) and a
warm-up batch are timed apart from the throughput. The client's ingest rate is measured by streaming
synthetic results (as many cases each as the class's exercises have) through the same recording path
the cluster runner feeds (batch.grade_tasks with a runner) into a fresh SQLite gradebook; the
client-and-scheduler task rate by sending no-op tasks through the same windowed as_completed loop.
From these figures it prints the model for a MOOC: 10,000 learners x 64 exercises on N workers.

    python bench/cluster_throughput.py [--students 20] [--workers 1 2] [--plain-workers 2] [--ingest 2000]
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("OMP_NUM_THREADS", "1")

from batch_throughput import synthesise  # noqa: E402

MOOC = (10_000, 64)


def bench_plain(catalog, klass: Path, exercises: list, workers: int, scratch: Path) -> float:
    import torch

    from grader.classroom.batch import run_batch
    from grader.classroom.gradebook import Gradebook
    from grader.grading import grade
    from grader.sandbox.parent import Sandbox
    from grader.submission import Source

    torch.set_num_threads(1)
    t0 = time.perf_counter()
    with Sandbox() as sandbox:
        for ex in exercises:
            grade(sandbox, Source(ex, ex.reference_path.read_bytes(), "warm-up"))
        print(f"plain: start-up and warm-up {time.perf_counter() - t0:.1f} s ({sandbox.mode})")
        with Gradebook(scratch / "plain.sqlite") as gb:
            summary = run_batch(catalog, klass, gb, sandbox, exercises, workers=workers)
    rate = summary.graded / summary.seconds * 60
    print(f"plain grade-batch, {workers} thread(s): {summary.graded} grades in {summary.seconds:.1f} s = "
          f"{rate:.0f} per minute; not recorded {len(summary.not_recorded)}, failed {len(summary.failed)}")
    for line in (summary.not_recorded + summary.failed)[:3]:
        print(f"  {line[:300]}")
    return rate


def bench_cluster(catalog, klass: Path, warm: Path, exercises: list, n: int, scratch: Path) -> tuple[float, float]:
    """Grades per minute on a LocalCluster of n workers, and its task round trips per second."""
    from grader.classroom.batch import grade_tasks, plan_batch
    from grader.classroom.cluster import ClusterOptions, ClusterRunner
    from grader.classroom.gradebook import Gradebook

    t0 = time.perf_counter()
    with ClusterRunner(ClusterOptions(local_workers=n)) as runner:
        started = time.perf_counter() - t0
        with Gradebook(scratch / f"warm-{n}.sqlite") as gb:  # every worker loads every exercise once
            tasks, summary = plan_batch(catalog, warm, gb, exercises)
            grade_tasks(None, tasks, gb, summary, runner=runner.run)
        print(f"cluster of {n}: start-up {started:.1f} s, warm-up {time.perf_counter() - t0 - started:.1f} s "
              f"({', '.join(sorted({w.mode for w in runner.workers}))})")
        with Gradebook(scratch / f"cluster-{n}.sqlite") as gb:
            t1 = time.perf_counter()
            tasks, summary = plan_batch(catalog, klass, gb, exercises)
            grade_tasks(None, tasks, gb, summary, runner=runner.run)
            seconds = time.perf_counter() - t1
        rate = summary.graded / seconds * 60
        print(f"LocalCluster, {n} worker(s): {summary.graded} grades in {seconds:.1f} s = {rate:.0f} per minute "
              f"({runner.chunk_size(len(tasks))} per Dask task); not recorded {len(summary.not_recorded)}, "
              f"failed {len(summary.failed)}")
        for line in (summary.not_recorded + summary.failed)[:3]:
            print(f"  {line[:300]}")
        task_rate = noop_rate(runner, 2000)
    return rate, task_rate


def _noop(payload: dict) -> dict:
    return {"kind": "noop"}


NOOP_WINDOW = 512  # in flight at once: what a client feeding a large cluster keeps queued


def noop_rate(runner, n: int) -> float:
    """No-op tasks (with a 2 kB payload, like a submission) per second through a windowed
    as_completed loop like ClusterRunner.run's: the most tasks one client and scheduler turn over."""
    from itertools import islice

    from distributed import as_completed

    window = NOOP_WINDOW
    todo = iter(range(n))
    done = as_completed()
    t0 = time.perf_counter()
    for i in islice(todo, window):
        done.add(runner.client.submit(_noop, {"i": i, "code": b"x" * 2000}, pure=False))
    for fut in done:
        fut.result()
        fut.release()
        nxt = next(todo, None)
        if nxt is not None:
            done.add(runner.client.submit(_noop, {"i": nxt, "code": b"x" * 2000}, pure=False))
    return n / (time.perf_counter() - t0)


def bench_ingest(exercises: list, n: int, scratch: Path) -> float:
    """Synthetic results per second recorded by the client (one SQLite transaction each, as in a batch)."""
    from grader import trusted
    from grader.classroom.batch import BatchSummary, Task, grade_tasks
    from grader.grading import CaseResult, ExerciseResult
    from grader.submission import Source

    cases = {ex.slug: [c.name for c in trusted.hidden_cases(ex)] for ex in exercises}
    tasks, results = [], []
    for i in range(n):
        ex = exercises[i % len(exercises)]
        code = f"# student {i}\n".encode()
        tasks.append(Task(f"student-{i:06d}", Source(ex, code, f"student-{i:06d}/{ex.module}.py"), f"{i:064x}", "e" * 64))
        names = cases[ex.slug]
        results.append(ExerciseResult(ex.slug, ex.title, ex.points, points=ex.points / 2, isolation="namespaces",
                                      cases=[CaseResult(name, j % 2 == 0, "" if j % 2 == 0 else
                                                        f"max abs error 0.{j}3 at index (0, {j})", 0.001)
                                             for j, name in enumerate(names)]))
    from grader.classroom.gradebook import Gradebook

    with Gradebook(scratch / "ingest.sqlite") as gb:
        summary = BatchSummary()
        t0 = time.perf_counter()
        grade_tasks(None, tasks, gb, summary, runner=lambda ts: zip(ts, results))
        seconds = time.perf_counter() - t0
        assert gb.count() == n == summary.graded
    rate = n / seconds
    print(f"client ingest: {n} synthetic results ({sum(len(v) for v in cases.values()) / len(cases):.0f} cases "
          f"each on average) recorded in {seconds:.2f} s = {rate:.0f} per second ({rate * 60:.0f} per minute)")
    return rate


def model(per_worker_per_min: float, ingest_per_s: float, tasks_per_s: float) -> None:
    from grader.classroom.cluster import MAX_AUTO_CHUNK

    learners, exercises = MOOC
    total = learners * exercises
    # A batch this large sends MAX_AUTO_CHUNK grades per Dask task.
    ceiling = min(ingest_per_s, tasks_per_s * MAX_AUTO_CHUNK) * 60
    print(f"model for {learners:,} learners x {exercises} exercises = {total:,} grades (one worker "
          f"{per_worker_per_min:.0f}/min; one client takes at most min(ingest {ingest_per_s * 60:.0f}, "
          f"{MAX_AUTO_CHUNK} x tasks {tasks_per_s * MAX_AUTO_CHUNK * 60:.0f}) = {ceiling:.0f}/min):")
    for n in (1, 8, 32, 64, 128, 256):
        rate = min(n * per_worker_per_min, ceiling)
        bound = "client-bound" if n * per_worker_per_min > ceiling else "worker-bound"
        print(f"  {n:>4} workers: {rate:>8.0f} per minute, {total / rate / 60:6.2f} h ({bound})")
    print(f"  one client feeds about {ceiling / per_worker_per_min:.0f} workers before it is the bottleneck")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="LocalCluster sizes to measure")
    parser.add_argument("--plain-workers", type=int, default=2, help="threads of the plain grade-batch run")
    parser.add_argument("--ingest", type=int, default=2000, help="synthetic results streamed into the gradebook")
    parser.add_argument("--exercises", nargs="+", help="default: every foundations exercise with mutants")
    args = parser.parse_args()
    logging.getLogger("distributed").setLevel(logging.ERROR)

    from grader.catalog import load_catalog

    catalog = load_catalog()
    if args.exercises:
        exercises = [catalog.get(s) for s in args.exercises]
    else:
        track = catalog.track("foundations")
        exercises = [ex for ex in track.exercises if ex.reference_path.is_file() and ex.mutant_paths]
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"class: {args.students} students x {len(exercises)} exercises ({', '.join(e.slug for e in exercises)}); "
          f"{os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="dojo-cluster-bench-") as tmp:
        scratch = Path(tmp)
        synthesise(scratch / "submissions", args.students, exercises)
        synthesise(scratch / "warm-up", max(args.workers), exercises)
        plain = bench_plain(catalog, scratch / "submissions", exercises, args.plain_workers, scratch)
        rates: dict[int, float] = {}
        task_rates: list[float] = []
        for n in args.workers:
            rates[n], task_rate = bench_cluster(catalog, scratch / "submissions", scratch / "warm-up", exercises, n,
                                                scratch)
            task_rates.append(task_rate)
            print(f"  client and scheduler: {task_rate:.0f} no-op tasks per second ({NOOP_WINDOW} in flight)")
        for n, rate in rates.items():
            print(f"ratio LocalCluster {n} worker(s) / plain grade-batch: {rate / plain:.2f}x")
        if len(rates) >= 2:
            lo, hi = min(rates), max(rates)
            print(f"ratio {hi} vs {lo} worker(s): {rates[hi] / rates[lo]:.2f}x")
        ingest = bench_ingest(exercises, args.ingest, scratch)
        one = rates.get(1) or min(rates.values())
        model(one, ingest, max(task_rates))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
