"""Benchmark: grade every reference solution of the catalog as one submission.

Prints the total wall time, the start-up (zygotes importing numpy and torch, references and hidden
cases loaded: paid once per run), and the grader's overhead per exercise: its wall time minus the
time the learner's code, the reference's code and the exercise's property checks took (the grader
computes expected values while the child runs, so the reference's time partly hides). Peers in the same run: the same grading without namespaces, and the
start-up cost a grader pays per exercise when it spawns a fresh Python for each one.

    python bench/grading_overhead.py [--only SLUG ...]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grader import trusted  # noqa: E402
from grader.catalog import load_catalog  # noqa: E402
from grader.grading import grade  # noqa: E402
from grader.sandbox.parent import Sandbox  # noqa: E402
from grader.submission import Source  # noqa: E402


def run(isolate: bool, exercises: list) -> dict:
    t0 = time.perf_counter()
    with Sandbox(isolate=isolate) as sandbox:
        # Start-up, paid once per run: both zygotes importing numpy (and torch), the trusted side
        # loading every reference and generating every hidden case.
        for ex in exercises:
            trusted.hidden_cases(ex)
            trusted.load_reference(ex)
        for framework in {ex.framework for ex in exercises}:
            warm = next(ex for ex in exercises if ex.framework == framework)
            grade(sandbox, Source(warm, warm.starter_path.read_bytes(), "warm-up"))
        startup = time.perf_counter() - t0
        rows = []
        t1 = time.perf_counter()
        for ex in exercises:
            r = grade(sandbox, Source(ex, ex.reference_path.read_bytes(), "reference"))
            work = r.learner_seconds + r.reference_seconds + r.check_seconds
            rows.append((ex.slug, r.passed, r.total_seconds, r.learner_seconds, r.reference_seconds + r.check_seconds,
                         r.total_seconds - work, len(r.cases)))
        wall = time.perf_counter() - t1
    return {"startup": startup, "rows": rows, "wall": wall, "isolation": sandbox.describe_isolation()}


def spawn_cost(n: int = 3) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import numpy, torch"], check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="only these slugs")
    args = parser.parse_args()
    catalog = load_catalog(strict=True)
    exercises = [catalog.get(s) for s in args.only] if args.only else list(catalog.exercises)
    print(f"command: python bench/grading_overhead.py{' --only ' + ' '.join(args.only) if args.only else ''}")
    print(f"exercises: {len(exercises)}")
    results = {True: run(True, exercises), False: run(False, exercises)}
    for isolate, res in results.items():
        rows = res["rows"]
        overheads = [r[5] * 1000 for r in rows]
        passed = sum(r[1] for r in rows)
        print(f"\n== {'namespaces' if isolate else 'no namespaces'}: {res['isolation']}")
        print(f"start-up once per run (zygotes, references, hidden cases): {res['startup']:.2f} s")
        print(f"graded {len(rows)} exercises ({passed} full marks) in {res['wall']:.2f} s "
              f"(learner code {sum(r[3] for r in rows):.2f} s, reference and property checks {sum(r[4] for r in rows):.2f} s)")
        print(f"overhead per exercise: median {statistics.median(overheads):.1f} ms, mean {statistics.mean(overheads):.1f} ms, "
              f"max {max(overheads):.1f} ms ({rows[overheads.index(max(overheads))][0]})")
        slow = sorted(rows, key=lambda r: -r[5])[:5]
        print("largest overheads: " + ", ".join(f"{r[0]} {r[5] * 1000:.0f} ms" for r in slow))
    iso = statistics.median(r[5] for r in results[True]["rows"])
    plain = statistics.median(r[5] for r in results[False]["rows"])
    spawn = spawn_cost()
    print(f"\nnamespaces cost {1000 * (iso - plain):.1f} ms per exercise over plain forked children "
          f"(ratio {iso / plain:.2f})")
    print(f"a fresh Python importing numpy+torch per exercise costs {spawn * 1000:.0f} ms: "
          f"{spawn / iso:.0f}x this grader's median overhead")
    within = sum(r[5] <= 0.025 for r in results[True]["rows"])
    print(f"exercises within the 25 ms overhead target (namespaces): {within} of {len(results[True]['rows'])}")


if __name__ == "__main__":
    main()
