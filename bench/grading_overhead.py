"""Benchmark: grade every reference solution of the catalog as one submission.

Prints the total wall time, the start-up (zygotes importing numpy and torch, references and hidden
cases loaded: paid once per run), and the grader's overhead per exercise: its wall time minus the
time the learner's code, the reference's code and the exercise's property checks took (the grader
computes expected values while the child runs, so the reference's time partly hides). Peers in the same
run: the same grading in every isolation mode this machine gives (DOJO_SANDBOX forces each; a mode
the machine cannot give is reported under the mode it fell to), and the start-up cost a grader pays
per exercise when it spawns a fresh Python for each one.

    python bench/grading_overhead.py [--only SLUG ...] [--modes namespaces userns ...]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grader import trusted  # noqa: E402
from grader.catalog import load_catalog  # noqa: E402
from grader.grading import grade  # noqa: E402
from grader.sandbox.modes import LADDER  # noqa: E402
from grader.sandbox.parent import Sandbox  # noqa: E402
from grader.submission import Source  # noqa: E402


def run(mode: str, exercises: list) -> dict:
    t0 = time.perf_counter()
    os.environ["DOJO_SANDBOX"] = mode
    with Sandbox() as sandbox:
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
        in_force = sandbox.mode
    return {"startup": startup, "rows": rows, "wall": wall, "isolation": sandbox.describe_isolation(), "mode": in_force}


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
    parser.add_argument("--modes", nargs="*", default=list(LADDER), help="isolation modes to compare")
    args = parser.parse_args()
    catalog = load_catalog(strict=True)
    exercises = [catalog.get(s) for s in args.only] if args.only else list(catalog.exercises)
    print(f"command: python bench/grading_overhead.py{' --only ' + ' '.join(args.only) if args.only else ''}"
          f" --modes {' '.join(args.modes)}")
    print(f"exercises: {len(exercises)}")
    results = {mode: run(mode, exercises) for mode in args.modes}
    for mode, res in results.items():
        rows = res["rows"]
        overheads = [r[5] * 1000 for r in rows]
        passed = sum(r[1] for r in rows)
        print(f"\n== DOJO_SANDBOX={mode} -> {res['mode']}: {res['isolation']}")
        print(f"start-up once per run (zygotes, references, hidden cases): {res['startup']:.2f} s")
        print(f"graded {len(rows)} exercises ({passed} full marks) in {res['wall']:.2f} s "
              f"(learner code {sum(r[3] for r in rows):.2f} s, reference and property checks {sum(r[4] for r in rows):.2f} s)")
        print(f"overhead per exercise: median {statistics.median(overheads):.1f} ms, mean {statistics.mean(overheads):.1f} ms, "
              f"max {max(overheads):.1f} ms ({rows[overheads.index(max(overheads))][0]})")
        slow = sorted(rows, key=lambda r: -r[5])[:5]
        print("largest overheads: " + ", ".join(f"{r[0]} {r[5] * 1000:.0f} ms" for r in slow))
    base_mode = args.modes[0]
    base = statistics.median(r[5] for r in results[base_mode]["rows"])
    print("\nmedian overhead per exercise, each mode against " + base_mode + ":")
    for mode, res in results.items():
        med = statistics.median(r[5] for r in res["rows"])
        print(f"  {mode:<11} ({res['mode']:<10}) {med * 1000:6.1f} ms  ratio {med / base:.2f}")
    spawn = spawn_cost()
    print(f"a fresh Python importing numpy+torch per exercise costs {spawn * 1000:.0f} ms: "
          f"{spawn / base:.0f}x this grader's median overhead ({base_mode})")
    within = sum(r[5] <= 0.025 for r in results[base_mode]["rows"])
    print(f"exercises within the 25 ms overhead target ({base_mode}): {within} of {len(results[base_mode]['rows'])}")


if __name__ == "__main__":
    main()
