"""Find the learner's source for each exercise: working copies, a .py, a folder, a notebook.

A submission is untrusted: its files are read without following symbolic links (every path
component below the submission's own folder is opened with O_NOFOLLOW, or lstat-checked where
the platform has no such flag), so a link to a reference solution is refused, never read.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.catalog import Catalog, Exercise
from grader.errors import SubmissionError

MAX_SOURCE_BYTES = 2 * 1024 * 1024
MAX_NOTEBOOK_BYTES = 16 * 1024 * 1024  # outputs (plots) make notebooks larger than modules
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW_OPEN = hasattr(os, "O_NOFOLLOW") and os.open in os.supports_dir_fd


@dataclass(frozen=True)
class Source:
    """The learner's code for one exercise, or why there is none."""

    exercise: Exercise
    code: bytes | None
    origin: str
    error: str | None = None


class LinkRefused(SubmissionError):
    """A submission's file, or a folder on the way to it, is a symbolic link."""


def link_message(shown: str, is_folder: bool) -> str:
    return f"{shown} is a symbolic link: submit the {'folder' if is_folder else 'file'} itself"


def _parts_below(path: Path, base: Path) -> tuple[str, ...]:
    try:
        parts = path.relative_to(base).parts
    except ValueError:
        raise SubmissionError(f"{path}: not inside {base}") from None
    if not parts or any(p in ("", ".", "..") for p in parts):
        raise SubmissionError(f"{path}: not a file inside {base}")
    return parts


def _refuse_link(base: Path, parts: tuple[str, ...], i: int) -> None:
    """Raise LinkRefused if component i (below base) is a symbolic link."""
    here = base.joinpath(*parts[:i + 1])
    try:
        is_link = stat.S_ISLNK(os.lstat(here).st_mode)
    except OSError:
        return
    if is_link:
        raise LinkRefused(link_message(str(here), is_folder=i < len(parts) - 1))


def _open_nofollow(base: Path, parts: tuple[str, ...]) -> int:
    """A read-only fd on base/parts..., no component below base being a link (base itself may be)."""
    if not _NOFOLLOW_OPEN:  # Windows: check each component, then open (a race the student cannot win there)
        for i in range(len(parts)):
            _refuse_link(base, parts, i)
        return os.open(base.joinpath(*parts), os.O_RDONLY | getattr(os, "O_BINARY", 0))
    fd = os.open(base, os.O_RDONLY | os.O_DIRECTORY | _CLOEXEC)
    try:
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            # O_NONBLOCK: a FIFO named like a module must not hang the grader.
            flags = os.O_RDONLY | os.O_NOFOLLOW | _CLOEXEC | (os.O_NONBLOCK if last else os.O_DIRECTORY)
            try:
                nxt = os.open(part, flags, dir_fd=fd)
            except OSError as exc:
                try:
                    if stat.S_ISLNK(os.lstat(part, dir_fd=fd).st_mode):
                        raise LinkRefused(link_message(str(base.joinpath(*parts[:i + 1])), not last)) from None
                except OSError:
                    pass
                raise exc
            os.close(fd)
            fd = nxt
        return fd
    except BaseException:
        os.close(fd)
        raise


def read_file(path: Path, base: Path | None, cap: int) -> bytes:
    """The bytes of a regular file of at most `cap` bytes.

    With `base`, no component of `path` below `base` may be a symbolic link (LinkRefused);
    without, the path is the learner's own working copy and is read as it is.
    """
    if base is None:
        fd = os.open(path, os.O_RDONLY | _CLOEXEC | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    else:
        fd = _open_nofollow(base, _parts_below(path, base))
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise SubmissionError(f"{path}: not a regular file")
        if info.st_size > cap:
            raise SubmissionError(f"{path}: larger than {cap // 1024} KiB")
        data = f.read(cap + 1)
    if len(data) > cap:  # grew while being read
        raise SubmissionError(f"{path}: larger than {cap // 1024} KiB")
    return data


def _read_source(path: Path, base: Path | None = None) -> bytes:
    data = read_file(path, base, MAX_SOURCE_BYTES)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SubmissionError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    return data


def _field(node: Any, key: str, kind: type, default: Any) -> Any:
    """node[key] when node is a mapping and the value has the expected type, else default."""
    value = node.get(key, default) if isinstance(node, dict) else default
    return value if isinstance(value, kind) else default


def notebook_code(path: Path, base: Path | None = None) -> tuple[bytes, str | None]:
    """Code cells of a notebook joined into a module; cells marked as tests and magics are left out.

    Returns (code, slug named in the notebook's metadata or None). Any malformed notebook (wrong
    types anywhere, nesting too deep, not JSON) is a SubmissionError naming the file.
    """
    data = read_file(path, base, MAX_NOTEBOOK_BYTES)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SubmissionError(f"{path}: not UTF-8 text") from None
    try:
        import nbformat

        # Read and converted without nbformat's schema validation (which logs every problem): the
        # type checks below decide what is unusable, and accept what nbformat would only warn about.
        nb = nbformat.convert(nbformat.reader.reads(text), 4)
    except RecursionError:
        raise SubmissionError(f"{path}: not a valid notebook (nested too deeply)") from None
    except Exception as exc:  # noqa: BLE001 - whatever a hostile file makes nbformat raise
        first = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise SubmissionError(f"{path}: not a valid notebook ({first[:120]})") from None
    cells = _field(nb, "cells", list, None)
    if cells is None or not isinstance(nb.get("metadata", {}), dict):
        raise SubmissionError(f"{path}: not a valid notebook (no list of cells, or metadata that is not a mapping)")
    slug = _field(_field(nb, "metadata", dict, {}), "dojo", dict, {}).get("slug")
    chunks = []
    for n, cell in enumerate(cells, 1):
        if not isinstance(cell, dict) or _field(cell, "cell_type", str, None) != "code":
            continue
        role = _field(_field(cell, "metadata", dict, {}), "dojo", dict, {}).get("role")
        if role in ("test", "setup"):
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(s, str) for s in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise SubmissionError(f"{path}: not a valid notebook (code cell {n} has a source that is not text)")
        lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
        chunks.append("\n".join(lines))
    return ("\n\n".join(chunks) + "\n").encode("utf-8"), slug if isinstance(slug, str) else None


def source_from_path(ex: Exercise, path: Path, base: Path | None = None) -> Source:
    """The code at `path`; with `base` (a submission's folder) no link below it is followed."""
    try:
        if path.suffix == ".ipynb":
            code, _ = notebook_code(path, base)
            return Source(ex, code, str(path))
        return Source(ex, _read_source(path, base), str(path))
    except SubmissionError as exc:
        return Source(ex, None, str(path), str(exc))
    except OSError as exc:
        return Source(ex, None, str(path), f"{path}: cannot be read ({exc.strerror})")


def _candidates(folder: Path, ex: Exercise) -> tuple[Path, ...]:
    return (
        folder / ex.track / ex.slug / f"{ex.module}.py",
        folder / ex.slug / f"{ex.module}.py",
        folder / f"{ex.module}.py",
        folder / ex.track / ex.slug / f"{ex.module}.ipynb",
        folder / f"{ex.module}.ipynb",
        folder / f"{ex.slug}.ipynb",
    )


def _lexists_nofollow(folder: Path, candidate: Path) -> bool:
    """Whether candidate exists as a file, or as a link somewhere below folder (reported, not read)."""
    parts = candidate.relative_to(folder).parts
    here = folder
    for part in parts:
        here = here / part
        try:
            mode = os.lstat(here).st_mode
        except OSError:
            return False
        if stat.S_ISLNK(mode):
            return True
    return stat.S_ISREG(mode)


def find_in_folder(folder: Path, ex: Exercise) -> Path | None:
    """Where a folder submission keeps this exercise, if anywhere (a link counts: reading it is refused)."""
    return next((c for c in _candidates(folder, ex) if _lexists_nofollow(folder, c)), None)


def resolve(catalog: Catalog, exercises: list[Exercise], submission: Path | None) -> list[Source]:
    """The source for each requested exercise. Raises SubmissionError for an unusable PATH."""
    if submission is None:
        return [source_from_path(ex, ex.starter_path) for ex in exercises]
    if not submission.exists():
        raise SubmissionError(f"{submission}: no such file or folder")
    if submission.is_dir():
        out = []
        for ex in exercises:
            found = find_in_folder(submission, ex)
            if found is None:
                out.append(Source(ex, None, str(submission), f"no {ex.module}.py for {ex.slug} in {submission}"))
            else:
                out.append(source_from_path(ex, found, base=submission))
        return out
    if submission.suffix not in (".py", ".ipynb"):
        raise SubmissionError(f"{submission}: expected a .py file, an .ipynb notebook or a folder")
    base = submission.parent  # the file itself must not be a link; the folders above are the user's own
    if len(exercises) == 1:
        return [source_from_path(exercises[0], submission, base)]
    # One file for several exercises: match it by notebook metadata or file name.
    slug = None
    if submission.suffix == ".ipynb":
        _, slug = notebook_code(submission, base)
    matches = [ex for ex in exercises if ex.slug == slug or submission.stem in (ex.module, ex.slug)]
    if len(matches) != 1:
        raise SubmissionError(f"{submission}: a single file grades one exercise; name it (e.g. `dojo grade sdpa --submission {submission.name}`)")
    return [source_from_path(matches[0], submission, base)]
