"""The learner's workspace: their own copy of every exercise, apart from the catalog's starters.

`dojo init [DIR]` copies each exercise's statement, starter, visible tests and support files into
DIR/<track>/<slug>/ (the catalog's layout, so plain pytest and `--submission DIR` work there). The
learner edits those copies; the catalog's files in exercises/ are never written, so the project's
own tests never see a learner's work and a `git pull` of new exercises never conflicts with it.
Progress, backups and the record of what was copied live in DIR/.dojo/.

Learner commands find the workspace through $DOJO_WORKSPACE, else the current folder (or one
above it) holding the marker .dojo/workspace.json, else ~/dojo-workspace.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.catalog import Catalog, Exercise
from grader.errors import UsageError
from grader.fileio import write_bytes_atomic, write_json_atomic

ENV = "DOJO_WORKSPACE"
DEFAULT_NAME = "dojo-workspace"
STATE = ".dojo"
MARKER = "workspace.json"
FORMAT = 1
# The catalog's own folders: a workspace inside one of them would mix learner work into the package.
PROTECTED = ("exercises", "solutions", "grader", "tests", "site", "docs", "bench", "examples", ".git")
PYTEST_INI = """\
# Your dojo workspace. `pytest` here runs the visible examples of every exercise you have;
# `dojo check` runs the same files in the grader's sandbox.
[pytest]
addopts = -p no:cacheprovider
"""
GITIGNORE = "# A learner's dojo workspace inside the project's checkout: git leaves it alone.\n*\n"


def default_dir() -> Path:
    """Where `dojo init` puts a workspace when no folder is named: $DOJO_WORKSPACE or ~/dojo-workspace."""
    env = os.environ.get(ENV)
    return Path(env).expanduser() if env else Path.home() / DEFAULT_NAME


def is_workspace(folder: Path) -> bool:
    return (folder / STATE / MARKER).is_file()


def find_workspace(cwd: Path | None = None) -> "Workspace | None":
    """$DOJO_WORKSPACE (and only it, when set), else the current folder or one above it, else the default."""
    env = os.environ.get(ENV)
    if env:
        folder = Path(env).expanduser()
        return Workspace(folder.absolute()) if is_workspace(folder) else None
    here = (cwd or Path.cwd()).absolute()
    for folder in (here, *here.parents):
        if is_workspace(folder):
            return Workspace(folder)
    default = Path.home() / DEFAULT_NAME
    return Workspace(default) if is_workspace(default) else None


def how_to_make() -> str:
    env = os.environ.get(ENV)
    if env:
        return f"${ENV} is {env}, which is not a dojo workspace yet: `dojo init` makes it"
    return (f"no dojo workspace here: `dojo init` copies the exercises into ~/{DEFAULT_NAME} (or `dojo init DIR`; "
            f"commands find it from inside DIR, or anywhere with {ENV}=DIR)")


def require_workspace() -> "Workspace":
    ws = find_workspace()
    if ws is None:
        raise UsageError(how_to_make())
    return ws


def learner_files(ex: Exercise) -> list[str]:
    """What a learner gets of an exercise: statement, starter, visible tests, support files.
    Hints stay with the catalog: `dojo hint` shows them one at a time."""
    return [ex.readme_path.name, ex.starter_path.name, ex.test_path.name, *ex.support_files]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_file(path: Path, data: bytes) -> None:
    """Atomically, keeping the file's permissions (an ordinary file's, for a new one)."""
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        mode = 0o666 & ~_umask()
    write_bytes_atomic(path, data)
    os.chmod(path, mode)


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def state_dir(self) -> Path:
        return self.root / STATE

    def exercise_dir(self, ex: Exercise) -> Path:
        return self.root / ex.track / ex.slug

    def learner_file(self, ex: Exercise) -> Path:
        """The learner's module for this exercise (named like the catalog's starter)."""
        return self.exercise_dir(ex) / ex.starter_path.name

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    # ------------------------------------------------------------ what was copied

    def manifest(self) -> dict[str, Any]:
        try:
            data = json.loads((self.state_dir / MARKER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
            data = {"format": FORMAT, "files": {}}
        return data

    def _save_manifest(self, data: dict[str, Any]) -> None:
        write_json_atomic(self.state_dir / MARKER, data)

    def is_untouched(self, ex: Exercise, manifest: dict[str, Any] | None = None) -> bool:
        """Whether the learner's file is still the starter (the catalog's, or the one copied then).
        Pass `manifest` when asking about many exercises, to read it once."""
        path = self.learner_file(ex)
        try:
            current = path.read_bytes()
        except OSError:
            return True  # nothing of theirs to grade
        if current == ex.starter_path.read_bytes():
            return True
        return (manifest or self.manifest())["files"].get(self.rel(path)) == _sha(current)

    def visible_files(self, ex: Exercise) -> dict[str, bytes]:
        """The files `dojo check` runs: the learner's copies of module, visible tests and support
        files (the catalog's where a copy is missing), exactly what plain pytest there would use."""
        folder = self.exercise_dir(ex)
        out: dict[str, bytes] = {}
        for name in (ex.starter_path.name, ex.test_path.name, *ex.support_files):
            mine = folder / name
            out[name] = mine.read_bytes() if mine.is_file() else (ex.dir / name).read_bytes()
        return out

    # ------------------------------------------------------------ backups

    def backups_dir(self, ex: Exercise) -> Path:
        return self.state_dir / "backups" / ex.slug

    def backups(self, ex: Exercise) -> list[Path]:
        """Backups of the learner's file, oldest first."""
        folder = self.backups_dir(ex)
        return sorted(folder.glob(f"{ex.module}.*.py")) if folder.is_dir() else []

    def backup(self, ex: Exercise) -> Path | None:
        """Copy the learner's file aside (unless it is missing or the untouched starter)."""
        path = self.learner_file(ex)
        if not path.is_file() or self.is_untouched(ex):
            return None
        stamp = time.strftime("%Y%m%d-%H%M%S")
        n = 1
        target = self.backups_dir(ex) / f"{ex.module}.{stamp}-{n:03d}.py"  # names sort in time order
        while target.exists():
            n += 1
            target = self.backups_dir(ex) / f"{ex.module}.{stamp}-{n:03d}.py"
        write_file(target, path.read_bytes())
        return target


@dataclass
class SyncReport:
    """What `dojo init` did."""

    created: bool = False
    added_exercises: list[str] = field(default_factory=list)
    added_files: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)  # unedited copies brought up to date with the catalog
    kept: list[str] = field(default_factory=list)  # edited by the learner while the catalog changed: left alone
    gitignored: bool = False


def _check_target(catalog: Catalog, target: Path) -> None:
    project = catalog.root.resolve()
    resolved = target.resolve()
    if resolved == project or project.is_relative_to(resolved):
        raise UsageError(f"{target} holds the project itself: pick a folder of its own (e.g. {project / DEFAULT_NAME})")
    for name in PROTECTED:
        if resolved.is_relative_to(project / name):
            raise UsageError(f"{target} is inside the project's {name}/ folder: pick a folder of its own")
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} exists and is not a folder")
    if target.is_dir() and not is_workspace(target):
        visible = [p.name for p in target.iterdir() if not p.name.startswith(".")]
        if visible:
            raise UsageError(f"{target} already holds other files ({', '.join(sorted(visible)[:3])}...): "
                             "`dojo init` wants an empty or new folder")


def init_workspace(catalog: Catalog, target: Path) -> tuple[Workspace, SyncReport]:
    """Make a workspace at `target`, or bring an existing one up to date with the catalog.

    Never overwrites the learner's work: a file is written only when it is missing, or when it
    is exactly what was copied last time (never edited) and the catalog's version has changed.
    """
    target = target.expanduser().absolute()
    _check_target(catalog, target)
    ws = Workspace(target)
    report = SyncReport(created=not is_workspace(target))
    target.mkdir(parents=True, exist_ok=True)
    manifest = ws.manifest()
    copied: dict[str, str] = manifest["files"]
    if report.created:
        manifest["created"] = time.strftime("%Y-%m-%d %H:%M:%S")
        if not (target / "pytest.ini").exists():
            (target / "pytest.ini").write_text(PYTEST_INI, encoding="utf-8")
        project = catalog.root.resolve()
        if target.resolve().is_relative_to(project) and not (target / ".gitignore").exists():
            (target / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
            report.gitignored = True
    for ex in catalog.exercises:
        folder = ws.exercise_dir(ex)
        new_exercise = not folder.exists()
        for name in learner_files(ex):
            src = (ex.dir / name).read_bytes()
            dst = folder / name
            rel = ws.rel(dst)
            if not dst.exists():
                write_file(dst, src)
                copied[rel] = _sha(src)
                if not new_exercise:
                    report.added_files.append(rel)
                continue
            current = _sha(dst.read_bytes())
            if current == _sha(src):
                copied[rel] = current
            elif copied.get(rel) == current:  # never edited since it was copied: follow the catalog
                write_file(dst, src)
                copied[rel] = _sha(src)
                report.updated.append(rel)
            elif rel in copied and copied[rel] != _sha(src):  # edited, and the catalog changed too
                report.kept.append(rel)
        if new_exercise and not report.created:
            report.added_exercises.append(ex.slug)
    manifest["format"] = FORMAT
    manifest["files"] = copied
    manifest["synced"] = time.strftime("%Y-%m-%d %H:%M:%S")
    ws._save_manifest(manifest)
    return ws, report
