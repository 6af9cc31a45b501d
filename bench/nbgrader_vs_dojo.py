"""Benchmark: `nbgrader autograde` against `dojo grade` on the same notebooks.

Exports a track as an nbgrader course in a temporary folder, releases it, hands in the reference
solution for N students, then times (1) `nbgrader autograde TRACK` over all of them, (2) the
`dojo grade TRACK --submission FOLDER` command per student (a cold process: it starts its own
sandbox), and (3) grading the same notebooks in one process with a warm sandbox. Both graders
must agree on every score.

    python bench/nbgrader_vs_dojo.py [--track foundations] [--students 1]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import nbformat  # noqa: E402

from grader.catalog import load_catalog  # noqa: E402
from grader.cli import main as dojo  # noqa: E402
from grader.grading import grade  # noqa: E402
from grader.sandbox.parent import Sandbox  # noqa: E402
from grader.submission import resolve  # noqa: E402


def _env() -> dict[str, str]:
    # nbgrader needs this environment's bin first on PATH (alembic, and the python3 kernel).
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}


def _timed(cmd: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=_env(), check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--track", default="foundations")
    parser.add_argument("--students", type=int, default=1)
    args = parser.parse_args()
    catalog = load_catalog()
    track = catalog.track(args.track)
    assert track is not None and track.exercises, f"no exercises in track {args.track}"
    with tempfile.TemporaryDirectory(prefix="dojo-nbgrader-bench-") as tmp:
        course = Path(tmp)
        assert dojo(["nbgrader", "export", str(course), "--tracks", track.slug]) == 0
        t_generate = _timed(["nbgrader", "generate_assignment", track.slug, "--force"], course)
        students = [f"student{i}" for i in range(args.students)]
        for student in students:
            folder = course / "submitted" / student / track.slug
            folder.mkdir(parents=True)
            for ex in track.exercises:
                nb = nbformat.read(str(course / "release" / track.slug / f"{ex.module}.ipynb"), as_version=4)
                cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution"))
                cell.source = ex.reference_path.read_text(encoding="utf-8")
                nbformat.write(nb, str(folder / f"{ex.module}.ipynb"))
        t_autograde = _timed(["nbgrader", "autograde", track.slug, "--force"], course)
        t_cli = sum(_timed([sys.executable, "-m", "grader", "grade", track.slug, "--submission",
                            str(course / "submitted" / s / track.slug)], ROOT) for s in students)
        with Sandbox() as sandbox:
            grade(sandbox, resolve(catalog, [track.exercises[0]], None)[0])  # warm the zygote up
            started = time.perf_counter()
            points = [grade(sandbox, src).points for s in students
                      for src in resolve(catalog, list(track.exercises), course / "submitted" / s / track.slug)]
            t_warm = time.perf_counter() - started

        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
            nb_points = [nb.score for s in students for nb in sorted(gb.find_submission(track.slug, s).notebooks,
                                                                     key=lambda n: [e.module for e in track.exercises].index(n.name))]
    n = len(students) * len(track.exercises)
    print(f"python bench/nbgrader_vs_dojo.py --track {track.slug} --students {args.students}   ({n} notebooks, {os.cpu_count()} CPUs)")
    print(f"  nbgrader generate_assignment:      {t_generate:7.1f} s")
    print(f"  nbgrader autograde:                {t_autograde:7.1f} s  = {t_autograde / n:6.2f} s per notebook")
    print(f"  dojo grade --submission (CLI):     {t_cli:7.1f} s  = {t_cli / n:6.2f} s per notebook (cold process per student)")
    print(f"  dojo grade, warm sandbox:          {t_warm:7.1f} s  = {t_warm / n:6.2f} s per notebook")
    print(f"  same scores: {nb_points == points}  (nbgrader {sum(nb_points):g}, dojo {sum(points):g})")


if __name__ == "__main__":
    main()
