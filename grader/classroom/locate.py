"""Find each exercise's source in one submission folder, however the student laid it out.

Shared by `dojo grade-batch` and the Gradescope autograder. Beyond grader.submission's own
places (track/slug/module.py, slug/module.py, module.py, notebooks by name), a submission may
wrap everything in one top-level folder (a zipped folder), hold an `exercises/` copy, hold
nbgrader assignment folders, or name notebooks freely (they carry `dojo.slug` metadata).
Messages name files relative to the submission, never a temporary folder.
"""
from __future__ import annotations

from pathlib import Path

from grader.catalog import Exercise
from grader.errors import SubmissionError
from grader.submission import Source, source_from_path, find_in_folder, notebook_code

MAX_NOTEBOOKS = 200  # notebooks opened to read their metadata, per submission
IGNORED = ("__MACOSX", ".ipynb_checkpoints", "__pycache__", ".git")


def _visible(path: Path) -> bool:
    return not path.name.startswith(".") and path.name not in IGNORED


def files_in(folder: Path) -> list[Path]:
    """Every file of the submission a student could have meant (no hidden or OS clutter)."""
    out = []
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder)
        if p.is_file() and not p.is_symlink() and all(_visible(Path(part)) for part in rel.parts):
            out.append(p)
    return out


def search_roots(folder: Path) -> list[Path]:
    """Folders to look in, most specific layout first."""
    roots = [folder]
    subdirs = [d for d in sorted(folder.iterdir()) if d.is_dir() and not d.is_symlink() and _visible(d)]
    files = [f for f in folder.iterdir() if f.is_file() and _visible(f)]
    if len(subdirs) == 1 and not files:
        roots += search_roots(subdirs[0])  # a zipped folder: alice.zip -> alice/...
    for d in subdirs:
        if d not in roots:
            roots.append(d)  # exercises/, or nbgrader assignment folders
            if (d / "exercises").is_dir():
                roots.append(d / "exercises")
    if (folder / "exercises").is_dir() and folder / "exercises" not in roots:
        roots.append(folder / "exercises")
    return roots


class Locator:
    """Sources for one submission folder; notebooks' metadata read once."""

    def __init__(self, folder: Path, display: str) -> None:
        self.folder = folder
        self.display = display
        self.roots = search_roots(folder)
        self._by_slug: dict[str, Path] | None = None
        self.unreadable: list[str] = []

    def _notebook_slugs(self) -> dict[str, Path]:
        if self._by_slug is None:
            self._by_slug = {}
            notebooks = [p for p in files_in(self.folder) if p.suffix == ".ipynb"][:MAX_NOTEBOOKS]
            for nb in notebooks:
                try:
                    _, slug = notebook_code(nb)
                except SubmissionError as exc:
                    self.unreadable.append(self.relative(str(exc)))
                    continue
                if isinstance(slug, str):
                    self._by_slug.setdefault(slug, nb)
        return self._by_slug

    def relative(self, text: str) -> str:
        """A message with the submission's (possibly temporary) folder replaced by its name."""
        return text.replace(f"{self.folder}/", f"{self.display}/").replace(str(self.folder), self.display)

    def find(self, ex: Exercise) -> Path | None:
        for root in self.roots:
            found = find_in_folder(root, ex)
            if found is not None:
                return found
        return self._notebook_slugs().get(ex.slug)

    def source(self, ex: Exercise) -> Source:
        path = self.find(ex)
        if path is None:
            why = f"no {ex.module}.py or notebook for {ex.slug} in {self.display}"
            self._notebook_slugs()
            if self.unreadable:
                why += f" ({'; '.join(self.unreadable[:2])})"
            return Source(ex, None, self.display, why)
        src = source_from_path(ex, path)
        origin = self.relative(src.origin)
        if src.code is None:
            return Source(ex, None, origin, self.relative(src.error or "cannot be read"))
        if not src.code.strip():
            return Source(ex, None, origin, f"{origin} is empty")
        return Source(ex, src.code, origin)
