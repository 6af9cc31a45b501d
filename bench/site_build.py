"""Benchmark `dojo site build`: the catalog as it is, and the catalog replicated 10x.

Each measurement runs in a fresh interpreter (no warm caches from an earlier build), three times;
the best and the median are printed, wall and CPU time, with the per-exercise cost and how linear
the build is (10x the exercises should cost about 10x the time).

    python bench/site_build.py [--repeat 3] [--factor 10] [--with-solutions]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ONE_BUILD = """
import json, sys, time
t0 = time.perf_counter(); c0 = time.process_time()
from pathlib import Path
from grader.catalog import load_catalog
from grader.site.build import build_site
t1 = time.perf_counter(); c1 = time.process_time()
catalog = load_catalog(Path(sys.argv[1]))
result = build_site(catalog, Path(sys.argv[2]), with_solutions=sys.argv[3] == "1", jobs=int(sys.argv[4]))
t2 = time.perf_counter(); c2 = time.process_time()
print(json.dumps({"exercises": result.exercises, "pages": len(result.pages), "import_s": t1 - t0,
                  "wall_s": t2 - t1, "cpu_s": c2 - c1}))
"""


def replicate(src: Path, dst: Path, factor: int) -> int:
    """A copy of exercises/ and solutions/ where every exercise appears `factor` times under new slugs."""
    shutil.copytree(src / "exercises", dst / "exercises")
    if (src / "solutions").is_dir():
        shutil.copytree(src / "solutions", dst / "solutions")
    tracks_path = dst / "exercises" / "tracks.toml"
    data = tomllib.loads(tracks_path.read_text(encoding="utf-8"))
    lines = []
    if "defaults" in data:
        lines.append("[defaults]")
        lines += [f"{k} = {json.dumps(v)}" for k, v in data["defaults"].items()]
    count = 0
    for track in data["track"]:
        slugs = list(track["exercises"])
        for k in range(1, factor):
            for slug in track["exercises"]:
                new = f"{slug}-r{k}"
                _copy_exercise(dst, track["slug"], slug, new)
                slugs.append(new)
        count += len(slugs)
        lines += ["", "[[track]]", f"slug = {json.dumps(track['slug'])}", f"title = {json.dumps(track['title'])}",
                  f"blurb = {json.dumps(track['blurb'])}", f"exercises = {json.dumps(slugs)}"]
    tracks_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return count


def _copy_exercise(root: Path, track: str, slug: str, new: str) -> None:
    old_mod, new_mod = slug.replace("-", "_"), new.replace("-", "_")
    for side in ("exercises", "solutions"):
        src = root / side / track / slug
        if not src.is_dir():
            continue
        dst = root / side / track / new
        shutil.copytree(src, dst)
        for name in (f"{old_mod}.py", f"test_{old_mod}.py"):
            if (dst / name).is_file():
                (dst / name).rename(dst / name.replace(old_mod, new_mod))


def measure(root: Path, repeat: int, with_solutions: bool, jobs: int) -> list[dict]:
    runs = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as out:
            proc = subprocess.run([sys.executable, "-c", ONE_BUILD, str(root), str(Path(out) / "site"), "1" if with_solutions else "0", str(jobs)],
                                  cwd=ROOT, capture_output=True, text=True, check=True)
            runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return runs


def summary(name: str, runs: list[dict]) -> dict:
    wall = [r["wall_s"] for r in runs]
    cpu = [r["cpu_s"] for r in runs]
    n = runs[0]["exercises"]
    row = {"name": name, "exercises": n, "pages": runs[0]["pages"], "wall_best": min(wall), "wall_median": statistics.median(wall),
           "cpu_best": min(cpu), "import_s": min(r["import_s"] for r in runs)}
    per = row["wall_best"] / n * 1000 if n else float("nan")
    print(f"{name:<14} {n:>5} exercises {row['pages']:>5} pages   wall best {row['wall_best']:.3f} s  median {row['wall_median']:.3f} s"
          f"   cpu best {row['cpu_best']:.3f} s   {per:.1f} ms/exercise   (imports {row['import_s']:.2f} s)")
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--factor", type=int, default=10)
    ap.add_argument("--with-solutions", action="store_true")
    args = ap.parse_args()
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load:.1f}; "
          "timings exclude interpreter start-up (imports shown apart)\n")

    from grader.site.build import _auto_jobs

    print(f"serial (jobs=1); CPU is this process only")
    base = summary("catalog", measure(ROOT, args.repeat, args.with_solutions, 1))
    with tempfile.TemporaryDirectory() as tmp:
        n = replicate(ROOT, Path(tmp), args.factor)
        big = summary(f"catalog x{args.factor}", measure(Path(tmp), args.repeat, args.with_solutions, 1))
        print(f"\nparallel (jobs=0, as `dojo site build`: {_auto_jobs(base['exercises'])} and {_auto_jobs(n)} processes on {os.cpu_count()} CPUs); "
              "CPU excludes the workers")
        summary("catalog", measure(ROOT, args.repeat, args.with_solutions, 0))
        summary(f"catalog x{args.factor}", measure(Path(tmp), args.repeat, args.with_solutions, 0))

    if base["exercises"]:
        scale = big["exercises"] / base["exercises"]
        print(f"\nlinearity: {scale:.0f}x the exercises took {big['wall_best'] / base['wall_best']:.2f}x the wall time and "
              f"{big['cpu_best'] / base['cpu_best']:.2f}x the CPU time (exactly linear: {scale:.2f}x; less means a fixed cost). "
              f"Per exercise: {base['wall_best'] / base['exercises'] * 1000:.1f} -> {big['wall_best'] / big['exercises'] * 1000:.1f} ms wall, "
              f"{base['cpu_best'] / base['exercises'] * 1000:.1f} -> {big['cpu_best'] / big['exercises'] * 1000:.1f} ms CPU.")
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([sys.executable, "-m", "grader", "site", "build", "--out", str(Path(out) / "site")], cwd=ROOT, check=True, capture_output=True)
    print(f"end to end `python -m grader site build` (interpreter start-up included): {time.perf_counter() - t0:.2f} s")
    target = 2.0
    verdict = "met" if base["wall_best"] < target else "NOT met"
    print(f"target: catalog build under {target:.0f} s -> {verdict} on wall time ({base['wall_best']:.2f} s); "
          f"CPU {base['cpu_best']:.2f} s (wall exceeds CPU when other processes share the machine)")


if __name__ == "__main__":
    main()
