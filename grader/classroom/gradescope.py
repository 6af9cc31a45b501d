"""A Gradescope autograder bundle, and the grading it runs inside Gradescope's container.

The bundle (a .zip) holds setup.sh, run_autograder, the pinned requirements and the project
(grader/, exercises/, pyproject.toml, and of solutions/ only the selected exercises' references
and hidden cases). Gradescope unpacks it in /autograder/source; run_autograder grades
/autograder/submission and writes /autograder/results/results.json. DOJO_AUTOGRADER_ROOT replaces
/autograder (tests use a temporary folder laid out the same way).

The run refuses an isolation that cannot protect the references (grader.classroom.policy) unless
allowed. It grades one exercise at a time within an overall time budget kept below Gradescope's
limit, and after each exercise kills whatever the submission left running and writes
results.json (the exercises not yet graded say so), so a run Gradescope stops still leaves a
result. The last write comes after the final kill, so nothing of the learner's is alive to
rewrite it. results.json holds only fields of Gradescope's specification; per-test scores are in
hundredths and add up exactly to each exercise's points.
"""
from __future__ import annotations

import json
import os
import time
import zipfile
from importlib import metadata
from pathlib import Path

from grader.catalog import Catalog, Exercise, load_catalog
from grader.fileio import write_json_atomic
from grader.results import to_gradescope

ROOT_ENV = "DOJO_AUTOGRADER_ROOT"
DEFAULT_ROOT = Path("/autograder")
CONFIG_NAME = "dojo-autograder.json"
TORCH_VERSION = "2.13.0"
TORCH_INDEX = "https://download.pytorch.org/whl/cpu"  # the CPU build: no multi-GB CUDA wheels
SKIP_DIRS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".dojo", "mutants"}
SKIP_SUFFIXES = (".pyc", ".dojo-backup")
FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # the same project gives the same bytes
VISIBILITIES = ("visible", "after_due_date", "after_published", "hidden")  # Gradescope's words
TIME_BUDGET_S = 480.0  # Gradescope's default limit is 10 minutes: leave room for start-up and the last write
MIN_EXERCISE_S = 5.0  # less time left than this: the remaining exercises are not started

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when the autograder image is built.
set -euo pipefail
cd /autograder/source
export DEBIAN_FRONTEND=noninteractive
PY=""
for candidate in python3.13 python3.12 python3.11; do
    if command -v "$candidate" >/dev/null; then PY="$candidate"; break; fi
done
if [ -z "$PY" ]; then  # the grader needs Python >= 3.11 (tomllib)
    apt-get update
    apt-get install -y python3.11 python3.11-venv
    PY=python3.11
fi
apt-get update && apt-get install -y "$PY-venv" || true
"$PY" -m venv /autograder/venv
/autograder/venv/bin/pip install --upgrade pip
# torch first, from the CPU index, so nothing later pulls a CUDA build.
/autograder/venv/bin/pip install --index-url {torch_index} torch=={torch}
/autograder/venv/bin/pip install -r requirements.txt
/autograder/venv/bin/pip install --no-deps /autograder/source
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission. It always exits 0: the outcome is in results.json.
ROOT="${{{root_env}:-/autograder}}"
PY="${{DOJO_AUTOGRADER_PYTHON:-$ROOT/venv/bin/python}}"
cd "$ROOT/source" || exit 0
# Import the grader and find exercises/ in source/, whatever pip installed.
export DOJO_ROOT="$ROOT/source"
export PYTHONPATH="$ROOT/source"
export OMP_NUM_THREADS=1
"$PY" -m grader gradescope run --root "$ROOT"
exit 0
"""


def _runtime_requirements(root: Path) -> list[str]:
    """The project's dependencies pinned to the versions installed here (what the tests ran with)."""
    import tomllib
    import re

    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    out = []
    for spec in data["project"]["dependencies"]:
        name = re.split(r"[<>=!~;\[ ]", spec, maxsplit=1)[0]
        if name.lower() == "torch":
            continue  # installed first, from the CPU index
        try:
            out.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(spec)
    return out


def _project_files(root: Path, exercises: list[Exercise] | None = None) -> list[Path]:
    files = [root / "pyproject.toml"]
    if (root / "README.md").is_file():
        files.append(root / "README.md")  # pyproject names it: pip needs it to install the project
    solution_dirs = [ex.solution_dir for ex in exercises] if exercises is not None else [root / "solutions"]
    for top in (root / "grader", root / "exercises", *solution_dirs):
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
            for name in sorted(filenames):
                if not name.endswith(SKIP_SUFFIXES) and not name.startswith("."):
                    files.append(Path(dirpath) / name)
    return files


def _add(zf: zipfile.ZipFile, name: str, data: bytes, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.external_attr = (0o100755 if executable else 0o100644) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data)


def build_bundle(out: Path, exercises: list[Exercise], catalog: Catalog, allow_weak_isolation: bool = False,
                 visibility: str = "visible", time_budget_s: float = TIME_BUDGET_S,
                 exercise_budget_s: float | None = None) -> int:
    """Write the autograder .zip; returns how many files it holds.

    Only the chosen exercises' references and hidden cases are in it. `visibility` is every test's
    (Gradescope's visible, after_due_date, after_published or hidden); `time_budget_s` bounds the
    whole run and `exercise_budget_s` each exercise."""
    from grader.errors import UsageError

    if visibility not in VISIBILITIES:
        raise UsageError(f"visibility {visibility!r}: expected one of {', '.join(VISIBILITIES)}")
    if not 10 <= time_budget_s <= 40 * 60:
        raise UsageError(f"time budget {time_budget_s:g} s: expected 10 to 2400 seconds (Gradescope's longest limit is 40 minutes)")
    if exercise_budget_s is not None and exercise_budget_s <= 0:
        raise UsageError("the exercise budget must be a positive number of seconds")
    root = catalog.root
    config = {"exercises": [ex.slug for ex in exercises], "built": time.strftime("%Y-%m-%d"),
              "allow_weak_isolation": bool(allow_weak_isolation), "visibility": visibility,
              "time_budget_s": float(time_budget_s), "exercise_budget_s": exercise_budget_s}
    files = _project_files(root, exercises)
    tmp = out.with_name(f".{out.name}.partial")
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(tmp, "w") as zf:
        _add(zf, "setup.sh", SETUP_SH.format(torch=TORCH_VERSION, torch_index=TORCH_INDEX).encode(), executable=True)
        _add(zf, "run_autograder", RUN_AUTOGRADER.format(root_env=ROOT_ENV).encode(), executable=True)
        _add(zf, "requirements.txt", ("\n".join(_runtime_requirements(root)) + "\n").encode())
        _add(zf, CONFIG_NAME, (json.dumps(config, indent=2) + "\n").encode())
        for path in files:
            _add(zf, path.relative_to(root).as_posix(), path.read_bytes())
    os.replace(tmp, out)
    return len(files) + 4


def autograder_root(arg: Path | None) -> Path:
    if arg is not None:
        return arg
    env = os.environ.get(ROOT_ENV)
    return Path(env) if env else DEFAULT_ROOT


def _failed(started: float, output: str) -> dict:
    return {"score": 0.0, "execution_time": round(time.perf_counter() - started, 3), "output": output,
            "stdout_visibility": "hidden", "tests": []}


def run_autograder(root: Path, isolate: bool = True, allow_weak: bool = False) -> dict:
    """Grade root/submission, write root/results/results.json; never raises for a bad submission.

    Weak isolation is allowed by `allow_weak`, by $DOJO_ALLOW_WEAK_ISOLATION, or by the bundle's
    `allow_weak_isolation` key (`dojo gradescope build --allow-weak-isolation`).
    """
    from grader.classroom import leftovers, policy

    started = time.perf_counter()
    results_path = root / "results" / "results.json"
    before = leftovers.descendants()
    try:
        from grader.grading import grade
        from grader.classroom.locate import Locator
        from grader.sandbox.parent import open_sandbox

        catalog = load_catalog()
        config_path = catalog.root / CONFIG_NAME
        config = json.loads(config_path.read_text()) if config_path.is_file() else {}
        slugs = config.get("exercises") or [ex.slug for ex in catalog.exercises]
        allowed = allow_weak or policy.env_allows() or config.get("allow_weak_isolation") is True
        visibility = config.get("visibility") if config.get("visibility") in VISIBILITIES else "visible"
        budget = float(config.get("time_budget_s") or TIME_BUDGET_S)
        per_exercise = config.get("exercise_budget_s")
        exercises = [catalog.get(s) for s in slugs]
        submission = root / "submission"
        submission.mkdir(parents=True, exist_ok=True)
        locator = Locator(submission, "your submission")  # links in the submission are refused, never followed
        sources = [locator.source(ex) for ex in exercises]
        graded: list = []
        if all(src.code is None for src in sources):  # nothing to run: no sandbox, nothing to protect
            isolation = "none needed (no code to run)"
            graded = [grade(None, src) for src in sources]  # type: ignore[arg-type]
        else:
            sandbox = open_sandbox(isolate=isolate)
            try:
                policy.require_protection(sandbox, allowed, f"set {policy.ALLOW_ENV}=1 in run_autograder or build "
                                          "the bundle with `dojo gradescope build --allow-weak-isolation`")
                isolation = policy.label(sandbox)
                keep = before | set(getattr(sandbox, "zygote_pids", lambda: [])())
                for i, src in enumerate(sources):
                    left = budget - (time.perf_counter() - started)
                    if left < MIN_EXERCISE_S:
                        break
                    limit = min(left, float(per_exercise)) if per_exercise else left
                    graded.append(grade(sandbox, src, budget_s=limit))
                    # Between exercises: nothing the submission started may outlive its exercise
                    # (the zygotes stay), and results.json holds what is known so far.
                    if leftovers.kill_leftovers(keep | set(getattr(sandbox, "zygote_pids", lambda: [])())):
                        raise RuntimeError("processes started by the submission could not be stopped")
                    rest = [(src.exercise, "not graded yet: the autograder stopped before this exercise "
                                           "(Gradescope's time limit?)") for src in sources[i + 1:]]
                    write_json_atomic(results_path, to_gradescope(graded, time.perf_counter() - started,
                                                                  isolation, rest, visibility))
            finally:
                sandbox.close()
        skipped = [(src.exercise, f"not graded: the autograder's time budget ({budget:g} s) ran out before this "
                                  "exercise; please tell your instructor") for src in sources[len(graded):]]
        data = to_gradescope(graded, time.perf_counter() - started, isolation, skipped, visibility)
    except policy.WeakIsolation as exc:
        data = _failed(started, f"The autograder refused to grade this submission: {exc} Please tell your instructor.")
    except Exception as exc:  # noqa: BLE001 - Gradescope must get a results.json whatever happens
        data = _failed(started, f"The autograder could not grade this submission ({type(exc).__name__}: {exc}). "
                                "Please tell your instructor.")
    survivors = leftovers.kill_leftovers(before)
    if survivors:  # they could rewrite results.json after we return: no score can be trusted
        data = _failed(started, f"The autograder could not stop {len(survivors)} process(es) started by this "
                                "submission, so it gives no score. Please tell your instructor.")
    write_json_atomic(results_path, data)  # the last step: nothing of the learner's is left to change it
    return data
