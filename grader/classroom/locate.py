"""Find each exercise's source in one submission folder, however the student laid it out.

Shared by `dojo grade-batch` and the Gradescope autograder. Beyond grader.submission's own
places (track/slug/module.py, slug/module.py, module.py, notebooks by name), a submission may
wrap everything in one top-level folder (a zipped folder), hold an `exercises/` copy, hold
nbgrader assignment folders, or name notebooks freely (they carry `dojo.slug` metadata).

The folder is walked once, without following links, and within caps (entries, depth); every
lookup after that is a dictionary lookup, so a folder of 20,000 entries costs one walk, not
20,000 x exercises. A symbolic link where an exercise's file (or a folder on its way) would be
is that exercise's error; files are then read with no link followed (grader.submission.read_file).
Messages name files relative to the submission, never a temporary folder.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from grader.catalog import Exercise
from grader.errors import SubmissionError
from grader.submission import MAX_NOTEBOOK_BYTES, Source, link_message, notebook_code, source_from_path

MAX_ENTRIES = 10_000  # files, folders and links of one submission (hidden ones included)
MAX_DEPTH = 32  # folders inside folders
MAX_NOTEBOOKS = 200  # notebooks opened to read their metadata, per submission
MAX_NOTEBOOK_SCAN_BYTES = 64 * 1024 * 1024  # and their total size
IGNORED = ("__MACOSX", ".ipynb_checkpoints", "__pycache__", ".git")

Rel = tuple[str, ...]  # a path relative to the submission folder
# The messages of a source with nothing handed in (Locator.source, batch's single file): "not
# submitted", as opposed to handed in and unreadable.
_MISSING = re.compile(r"^no \S+\.py or notebook for \S+ in |^.+ is a single file and does not hold \S+$", re.S)


def missing_message(text: str) -> bool:
    """Whether an error message says nothing was handed in (rather than why a file cannot be graded)."""
    return bool(_MISSING.match(text))


def is_missing(source: Source) -> bool:
    """Whether nothing was handed in for the source's exercise (not: handed in but not gradable)."""
    return source.code is None and missing_message(source.error or "")


def _visible(name: str) -> bool:
    return not name.startswith(".") and name not in IGNORED


class SubmissionTree:
    """One walk of a submission folder, links never followed: its files, folders and links."""

    def __init__(self, folder: Path, max_entries: int | None = None, max_depth: int | None = None) -> None:
        max_entries = MAX_ENTRIES if max_entries is None else max_entries
        max_depth = MAX_DEPTH if max_depth is None else max_depth
        self.folder = folder
        self.files: list[Rel] = []  # regular files, in walk order (sorted per folder)
        self.links: set[Rel] = set()
        self.subdirs: dict[Rel, list[Rel]] = {}  # folder -> its visible sub-folders
        self.has_files: set[Rel] = set()  # folders holding a visible file (or link)
        self.by_name: dict[str, list[Rel]] = {}  # last component -> files and links so named
        seen = 0
        stack: list[Rel] = [()]
        while stack:
            rel = stack.pop()
            if len(rel) > max_depth:
                raise SubmissionError(f"{'/'.join(rel[:3])}/...: folders nested more than {max_depth} deep")
            try:
                with os.scandir(folder.joinpath(*rel)) as it:
                    entries = []
                    for entry in it:
                        seen += 1
                        if seen > max_entries:
                            raise SubmissionError(f"more than {max_entries} files and folders in the submission")
                        entries.append(entry)
            except OSError as exc:
                raise SubmissionError(f"{'/'.join(rel) or 'the submission'} cannot be read ({exc.strerror})") from None
            subdirs: list[Rel] = []
            for entry in sorted(entries, key=lambda e: e.name):
                if not _visible(entry.name):
                    continue
                child = (*rel, entry.name)
                if entry.is_symlink():
                    self.links.add(child)
                    self.by_name.setdefault(entry.name, []).append(child)
                    self.has_files.add(rel)
                elif entry.is_dir(follow_symlinks=False):
                    subdirs.append(child)
                elif entry.is_file(follow_symlinks=False):
                    self.files.append(child)
                    self.by_name.setdefault(entry.name, []).append(child)
                    self.has_files.add(rel)
            self.subdirs[rel] = subdirs
            stack.extend(reversed(subdirs))

    def is_dir(self, rel: Rel) -> bool:
        return rel in self.subdirs

    def path(self, rel: Rel) -> Path:
        return self.folder.joinpath(*rel)

    def search_roots(self) -> list[Rel]:
        """Folders to look in, most specific layout first (a linear pass, at most MAX_DEPTH levels)."""
        roots: list[Rel] = []
        known: set[Rel] = set()

        def add(rel: Rel) -> None:
            if rel not in known:
                known.add(rel)
                roots.append(rel)

        level: Rel = ()
        while True:
            add(level)
            subdirs = self.subdirs.get(level, [])
            if len(subdirs) == 1 and level not in self.has_files:
                level = subdirs[0]  # a zipped folder: alice.zip -> alice/...
                continue
            for d in subdirs:
                add(d)  # exercises/, or nbgrader assignment folders
                if self.is_dir((*d, "exercises")):
                    add((*d, "exercises"))
            if self.is_dir((*level, "exercises")):
                add((*level, "exercises"))
            return roots


def _layouts(ex: Exercise) -> list[Rel]:
    """Where, below a search root, an exercise's file may be: grader.submission's order."""
    return [(ex.track, ex.slug, f"{ex.module}.py"), (ex.slug, f"{ex.module}.py"), (f"{ex.module}.py",),
            (ex.track, ex.slug, f"{ex.module}.ipynb"), (f"{ex.module}.ipynb",), (f"{ex.slug}.ipynb",)]


class Locator:
    """Sources for one submission folder; the folder walked once, notebooks' metadata read once.

    A folder that cannot be walked (too many entries, too deep, unreadable) sets `problem`, and
    every exercise's source is an error saying so.
    """

    def __init__(self, folder: Path, display: str) -> None:
        self.folder = folder
        self.display = display
        self.problem: str | None = None
        self._by_slug: dict[str, Rel] | None = None
        self.unreadable: list[str] = []
        try:
            self.tree = SubmissionTree(folder)
        except SubmissionError as exc:
            self.problem = f"{display}: {exc}"
            self.tree = None
            self.roots: dict[Rel, int] = {}
        else:
            self.roots = {r: i for i, r in enumerate(self.tree.search_roots())}

    @property
    def file_count(self) -> int:
        return len(self.tree.files) + len(self.tree.links) if self.tree else 0

    def _notebook_slugs(self) -> dict[str, Rel]:
        if self._by_slug is None:
            self._by_slug = {}
            budget = MAX_NOTEBOOK_SCAN_BYTES
            notebooks = [r for r in (self.tree.files if self.tree else []) if r[-1].endswith(".ipynb")]
            for rel in notebooks[:MAX_NOTEBOOKS]:
                path = self.tree.path(rel)
                try:
                    size = path.lstat().st_size
                    if size > budget:
                        self.unreadable.append(f"{self.show(rel)}: not read, the notebooks are too large together")
                        break
                    budget -= min(size, MAX_NOTEBOOK_BYTES)
                    _, slug = notebook_code(path, self.folder)
                except SubmissionError as exc:
                    self.unreadable.append(self.relative(str(exc)))
                    continue
                except OSError as exc:
                    self.unreadable.append(f"{self.show(rel)}: cannot be read ({exc.strerror})")
                    continue
                if isinstance(slug, str):
                    self._by_slug.setdefault(slug, rel)
        return self._by_slug

    def show(self, rel: Rel) -> str:
        return "/".join((self.display, *rel))

    def relative(self, text: str) -> str:
        """A message with the submission's (possibly temporary) folder replaced by its name."""
        return text.replace(f"{self.folder}/", f"{self.display}/").replace(str(self.folder), self.display)

    def _find(self, ex: Exercise) -> tuple[Rel, Rel | None] | None:
        """(the file's path, the link on its way if any) of the first layout found, in root order."""
        if self.tree is None:
            return None
        best: tuple[int, int, Rel, Rel | None] | None = None
        for kind, layout in enumerate(_layouts(ex)):
            for k, name in enumerate(layout):
                last = k == len(layout) - 1
                for hit in self.tree.by_name.get(name, ()):
                    if not last and hit not in self.tree.links:
                        continue  # a real folder is walked; only a linked one hides what is below it
                    if hit[len(hit) - k - 1:] != layout[:k + 1]:
                        continue
                    root = hit[:len(hit) - k - 1]
                    if root in self.roots:
                        link = hit if hit in self.tree.links else None
                        found = (self.roots[root], kind, (*root, *layout), link)
                        if best is None or found[:2] < best[:2]:
                            best = found
        if best is not None:
            return best[2], best[3]
        slug_nb = self._notebook_slugs().get(ex.slug)
        return (slug_nb, None) if slug_nb is not None else None

    def find(self, ex: Exercise) -> Path | None:
        """The file the submission holds for `ex` (or the link standing in its place), if any."""
        found = self._find(ex)
        return self.tree.path(found[1] or found[0]) if found and self.tree else None

    def source(self, ex: Exercise) -> Source:
        if self.problem:
            return Source(ex, None, self.display, self.problem)
        found = self._find(ex)
        if found is None:
            why = f"no {ex.module}.py or notebook for {ex.slug} in {self.display}"
            self._notebook_slugs()
            notes = self.unreadable[:2]
            if self.tree is not None and self.tree.links:
                first = min(self.tree.links)
                notes.append(f"symbolic links are not followed: {self.show(first)} is one"
                             + (f", and {len(self.tree.links) - 1} more" if len(self.tree.links) > 1 else ""))
            if notes:
                why += f" ({'; '.join(notes)})"
            return Source(ex, None, self.display, why)
        rel, link = found
        if link is not None:
            return Source(ex, None, self.show(link), link_message(self.show(link), is_folder=link != rel))
        src = source_from_path(ex, self.tree.path(rel), base=self.folder)
        origin = self.show(rel)
        if src.code is None:
            return Source(ex, None, origin, self.relative(src.error or "cannot be read"))
        if not src.code.strip():
            return Source(ex, None, origin, f"{origin} is empty")
        return Source(ex, src.code, origin)
