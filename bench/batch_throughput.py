"""Benchmark `dojo grade-batch`: submissions per minute with 1 and 2 workers, peak memory, and nbgrader.

A class is synthesised from the foundations exercises present when it runs: student i hands in,
for each exercise, the reference, the starter or one of the mutants (in turn). The class is
graded in-process through one warm Sandbox (start-up is timed apart), once per worker count,
each into a fresh gradebook. If `dojo nbgrader export` exists, the same class (or its first
--nbgrader-students) is exported as an nbgrader course and graded by `nbgrader autograde`.

    python bench/batch_throughput.py [--students 100] [--workers 1 2] [--nbgrader-students 10]
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "1")


def synthesise(root: Path, n: int, exercises: list) -> dict[tuple[str, str], bytes]:
    """student-NNN/<module>.py for each exercise; returns what each student handed in."""
    code: dict[tuple[str, str], bytes] = {}
    for i in range(n):
        student = f"student-{i:03d}"
        for ex in exercises:
            choices = [ex.reference_path, ex.starter_path, *ex.mutant_paths]
            src = choices[i % len(choices)].read_bytes()
            path = root / student / f"{ex.module}.py"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(src)
            code[(student, ex.slug)] = src
    return code


def peak_mb() -> tuple[float, float]:
    """Peak RSS of this process and of the largest finished child (KiB on Linux)."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, kids


def bench_dojo(catalog, klass: Path, exercises: list, workers_list: list[int], scratch: Path) -> dict[int, float]:
    import torch

    from grader.classroom.batch import run_batch
    from grader.classroom.gradebook import Gradebook
    from grader.sandbox.parent import Sandbox

    torch.set_num_threads(1)
    t0 = time.perf_counter()
    sandbox = Sandbox()
    # Warm up apart from the throughput: zygotes started, hidden cases loaded, one grade each.
    from grader.grading import grade
    from grader.submission import Source

    for ex in exercises:
        grade(sandbox, Source(ex, ex.reference_path.read_bytes(), "warm-up"))
    print(f"sandbox start-up and warm-up: {time.perf_counter() - t0:.1f} s ({sandbox.describe_isolation()})")
    rates: dict[int, float] = {}
    try:
        for workers in workers_list:
            with Gradebook(scratch / f"gradebook-{workers}.sqlite") as gb:
                summary = run_batch(catalog, klass, gb, sandbox, exercises, workers=workers)
            rate = summary.graded / summary.seconds * 60
            rates[workers] = rate
            print(f"workers={workers}: {summary.graded} (student, exercise) grades in {summary.seconds:.1f} s = "
                  f"{rate:.0f} per minute ({summary.students / summary.seconds * 60:.1f} students per minute); "
                  f"not recorded: {len(summary.not_recorded)}")
    finally:
        sandbox.close()
    return rates


def _student_notebook(release_nb: Path, code: bytes) -> str:
    import nbformat

    nb = nbformat.read(str(release_nb), as_version=4)
    for cell in nb.cells:
        if (cell.metadata.get("nbgrader") or {}).get("solution"):
            cell.source = code.decode()
            break
    return nbformat.writes(nb)


def bench_nbgrader(catalog, code: dict[tuple[str, str], bytes], exercises: list, n_students: int,
                   scratch: Path) -> float | None:
    """Per-minute rate of `nbgrader autograde` on the same submissions, or None when it cannot run."""
    import importlib.util

    if importlib.util.find_spec("grader.notebooks.nbgrader_export") is None:
        print("nbgrader: skipped (`dojo nbgrader export` does not exist in this checkout)")
        return None
    nbgrader = shutil.which("nbgrader", path=str(Path(sys.executable).parent)) or shutil.which("nbgrader")
    if nbgrader is None:
        print("nbgrader: skipped (the nbgrader command is not installed)")
        return None
    course = scratch / "course"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    run = lambda *cmd: subprocess.run(cmd, cwd=course, env=env, capture_output=True, text=True)  # noqa: E731
    out = subprocess.run([sys.executable, "-m", "grader", "nbgrader", "export", str(course), "--tracks", "foundations"],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        print(f"nbgrader: skipped (export failed: {out.stderr.strip()[-300:]})")
        return None
    gen = run(nbgrader, "generate_assignment", "foundations", "--force")
    if gen.returncode != 0:
        print(f"nbgrader: skipped (generate_assignment failed: {gen.stderr.strip()[-300:]})")
        return None
    students = sorted({s for s, _ in code})[:n_students]
    for student in students:
        for ex in exercises:
            release = course / "release" / "foundations" / f"{ex.module}.ipynb"
            dest = course / "submitted" / student / "foundations" / f"{ex.module}.ipynb"
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(_student_notebook(release, code[(student, ex.slug)]), encoding="utf-8")
    t0 = time.perf_counter()
    auto = run(nbgrader, "autograde", "foundations", "--force", "--create")
    seconds = time.perf_counter() - t0
    if auto.returncode != 0:
        print(f"nbgrader: autograde failed after {seconds:.1f} s: {auto.stderr.strip()[-400:]}")
        return None
    n = len(students) * len(exercises)
    rate = n / seconds * 60
    print(f"nbgrader autograde: {n} notebooks ({len(students)} students) in {seconds:.1f} s = {rate:.0f} per minute")
    _compare_scores(course, scratch, students, exercises)
    return rate


def _compare_scores(course: Path, scratch: Path, students: list[str], exercises: list) -> None:
    """Do nbgrader and dojo give the same student the same points, exercise by exercise?"""
    from nbgrader.api import Gradebook as NbGradebook

    from grader.classroom.gradebook import Gradebook

    dojo_books = sorted(scratch.glob("gradebook-*.sqlite"))
    with Gradebook(dojo_books[-1], readonly=True) as gb:
        dojo = {(r.student, r.exercise): r.points for r in gb.rows()}
    mismatches = []
    with NbGradebook(f"sqlite:///{course / 'gradebook.db'}") as nb:
        for student in students:
            for ex in exercises:
                nb_points = nb.find_submission_notebook(ex.module, "foundations", student).score
                if abs(nb_points - dojo[(student, ex.slug)]) > 1e-6:
                    mismatches.append(f"{student}/{ex.slug}: nbgrader {nb_points}, dojo {dojo[(student, ex.slug)]}")
    n = len(students) * len(exercises)
    print(f"scores: {n - len(mismatches)} of {n} notebooks score the same in nbgrader and dojo"
          + (f"; differing: {mismatches[:5]}" if mismatches else ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--nbgrader-students", type=int, default=10, help="0 skips nbgrader")
    parser.add_argument("--exercises", nargs="+", help="default: every foundations exercise with mutants")
    args = parser.parse_args()

    from grader.catalog import load_catalog

    catalog = load_catalog()
    if args.exercises:
        exercises = [catalog.get(s) for s in args.exercises]
    else:
        track = catalog.track("foundations")
        exercises = [ex for ex in track.exercises if ex.reference_path.is_file() and ex.hidden_path.is_file()]
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"class: {args.students} students x {len(exercises)} exercises ({', '.join(e.slug for e in exercises)}); "
          f"{os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="dojo-bench-") as tmp:
        scratch = Path(tmp)
        code = synthesise(scratch / "submissions", args.students, exercises)
        rates = bench_dojo(catalog, scratch / "submissions", exercises, args.workers, scratch)
        if len(rates) >= 2:
            lo, hi = min(rates), max(rates)
            print(f"speed-up {hi} vs {lo} worker(s): {rates[hi] / rates[lo]:.2f}x")
        me, kids = peak_mb()
        print(f"peak memory: grader process {me:.0f} MiB, largest sandbox process {kids:.0f} MiB")
        if args.nbgrader_students > 0:
            nb_rate = bench_nbgrader(catalog, code, exercises, args.nbgrader_students, scratch)
            if nb_rate:
                best = max(rates.values())
                print(f"dojo grade-batch vs nbgrader autograde: {best / nb_rate:.1f}x the submissions per minute")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
