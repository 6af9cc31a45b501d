"""Benchmark: `dojo check SLUG` beside plain pytest on the same files, as a learner runs them.

Both start a fresh process each time, in a throw-away workspace made by `dojo init`: `dojo check`
runs the visible examples in the sandbox (the exercise's own zygote: numpy only for a numpy
exercise), `python -m pytest FILE` runs the same test file directly. The two are interleaved,
each repeated, and the medians compared; run it on a quiet machine (load changes both, not evenly).
By default each exercise is timed twice: as the untouched starter (every example fails) and
with the reference solution in place (every example passes).

    python bench/check_vs_pytest.py [--repeat 7] [--only SLUG ...] [--no-solved]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader.catalog import load_catalog  # noqa: E402

DEFAULT = ["stable-softmax", "cross-entropy", "layernorm", "gelu", "sdpa", "bm25", "moh-gates"]


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--only", nargs="*", help="these slugs (default: %s)" % " ".join(DEFAULT))
    parser.add_argument("--no-solved", action="store_true", help="time the untouched starters only")
    args = parser.parse_args()
    catalog = load_catalog()
    exercises = [catalog.get(s) for s in (args.only or DEFAULT)]
    python = sys.executable
    dojo = [python, "-m", "grader"]
    tmp = Path(tempfile.mkdtemp(prefix="dojo-bench-"))
    try:
        ws = tmp / "workspace"
        env = {**os.environ, "DOJO_WORKSPACE": str(ws)}
        subprocess.run([*dojo, "init"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        print(f"command: python bench/check_vs_pytest.py --repeat {args.repeat}"
              f"{' --only ' + ' '.join(args.only) if args.only else ''}{' --no-solved' if args.no_solved else ''}")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"{'exercise':<24} {'framework':<9} {'code':<9} {'dojo check':>11} {'pytest':>8} {'ratio':>7}")
        ratios: dict[str, list[float]] = {"numpy": [], "torch": []}
        for ex in exercises:
            folder = ws / ex.track / ex.slug
            states = [("starter", ex.starter_path)] + ([] if args.no_solved else [("solved", ex.reference_path)])
            for state, code in states:
                shutil.copyfile(code, folder / ex.starter_path.name)
                check_cmd = [*dojo, "check", ex.slug]
                pytest_cmd = [python, "-m", "pytest", "-q", str(folder / ex.test_path.name)]
                timed(check_cmd, env, ROOT), timed(pytest_cmd, env, ws)  # warm the file cache
                checks, pytests = [], []
                for _ in range(args.repeat):
                    checks.append(timed(check_cmd, env, ROOT))
                    pytests.append(timed(pytest_cmd, env, ws))
                c, p = statistics.median(checks), statistics.median(pytests)
                ratios[ex.framework].append(c / p)
                print(f"{ex.slug:<24} {ex.framework:<9} {state:<9} {c:>9.2f} s {p:>6.2f} s {c / p:>6.2f}x")
        for framework, values in ratios.items():
            if values:
                print(f"{framework} exercises: dojo check / pytest, median {statistics.median(values):.2f}x, "
                      f"max {max(values):.2f}x")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
