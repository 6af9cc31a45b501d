"""What a learner command is about: the exercise (named, numbered, misspelt, or the current
folder) and where the learner keeps its files."""
from __future__ import annotations

import sys
from pathlib import Path

from grader.catalog import Catalog, Exercise
from grader.errors import UsageError
from grader.feedback import Places
from grader.workspace import Workspace


def exercise(catalog: Catalog, name: str | None) -> Exercise:
    """The exercise `name` means, or the one whose folder the current directory is in."""
    if name:
        found = catalog.lookup(name)
        if found.guessed:
            print(f"dojo: taking '{name}' to mean {found.exercise.slug}", file=sys.stderr)
        return found.exercise
    here = catalog.exercise_at(Path.cwd())
    if here is None:
        raise UsageError("name an exercise (its slug, module name or number in `dojo list`), "
                         "or run this inside an exercise's folder")
    return here


def exercises(catalog: Catalog, names: list[str]) -> list[Exercise]:
    """Exercises and whole tracks, in the order named, each once."""
    out: list[Exercise] = []
    for name in names:
        track = catalog.track(name)
        for ex in track.exercises if track else (exercise(catalog, name),):
            if ex not in out:
                out.append(ex)
    return out


def learner_code(ws: Workspace, ex: Exercise) -> bytes:
    path = ws.learner_file(ex)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path} is missing: `dojo init` puts back the starter of any exercise you do not have") from None


def places(ws: Workspace, ex: Exercise, code: bytes | None) -> Places:
    """The workspace's files under the names the sandbox gave them."""
    folder = ws.exercise_dir(ex)
    names = (ex.starter_path.name, ex.test_path.name, *ex.support_files)
    return Places.of({name: folder / name for name in names}, module=ex.starter_path.name, source=code)


def places_of_submission(ex: Exercise, path: Path, code: bytes | None) -> Places:
    """A `--submission` file under the sandbox's name; a notebook's lines are not its cells' lines."""
    if path.suffix == ".ipynb":
        return Places.of({ex.starter_path.name: path})
    return Places.of({ex.starter_path.name: path}, module=ex.starter_path.name, source=code)
