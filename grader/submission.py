"""Find the learner's source for each exercise: working copies, a .py, a folder, a notebook."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from grader.catalog import Catalog, Exercise
from grader.errors import SubmissionError

MAX_SOURCE_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    """The learner's code for one exercise, or why there is none."""

    exercise: Exercise
    code: bytes | None
    origin: str
    error: str | None = None


def _read_source(path: Path) -> bytes:
    if path.stat().st_size > MAX_SOURCE_BYTES:
        raise SubmissionError(f"{path}: larger than {MAX_SOURCE_BYTES // 1024} KiB")
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SubmissionError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    return data


def notebook_code(path: Path) -> tuple[bytes, str | None]:
    """Code cells of a notebook joined into a module; cells marked as tests and magics are left out.

    Returns (code, slug named in the notebook's metadata or None).
    """
    try:
        import nbformat

        nb = nbformat.read(str(path), as_version=4)
    except UnicodeDecodeError:
        raise SubmissionError(f"{path}: not UTF-8 text") from None
    except (json.JSONDecodeError, ValueError, KeyError, AttributeError, TypeError) as exc:
        raise SubmissionError(f"{path}: not a valid notebook ({str(exc).splitlines()[0][:120]})") from None
    slug = (nb.metadata.get("dojo") or {}).get("slug")
    chunks = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        role = (cell.metadata.get("dojo") or {}).get("role")
        if role in ("test", "setup"):
            continue
        lines = [ln for ln in cell.source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
        chunks.append("\n".join(lines))
    return ("\n\n".join(chunks) + "\n").encode("utf-8"), slug


def source_from_path(ex: Exercise, path: Path) -> Source:
    try:
        if path.suffix == ".ipynb":
            code, _ = notebook_code(path)
            return Source(ex, code, str(path))
        return Source(ex, _read_source(path), str(path))
    except SubmissionError as exc:
        return Source(ex, None, str(path), str(exc))
    except OSError as exc:
        return Source(ex, None, str(path), f"{path}: cannot be read ({exc.strerror})")


def find_in_folder(folder: Path, ex: Exercise) -> Path | None:
    """Where a folder submission keeps this exercise, if anywhere."""
    for candidate in (
        folder / ex.track / ex.slug / f"{ex.module}.py",
        folder / ex.slug / f"{ex.module}.py",
        folder / f"{ex.module}.py",
        folder / ex.track / ex.slug / f"{ex.module}.ipynb",
        folder / f"{ex.module}.ipynb",
        folder / f"{ex.slug}.ipynb",
    ):
        if candidate.is_file():
            return candidate
    return None


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
                out.append(source_from_path(ex, found))
        return out
    if submission.suffix not in (".py", ".ipynb"):
        raise SubmissionError(f"{submission}: expected a .py file, an .ipynb notebook or a folder")
    if len(exercises) == 1:
        return [source_from_path(exercises[0], submission)]
    # One file for several exercises: match it by notebook metadata or file name.
    slug = None
    if submission.suffix == ".ipynb":
        _, slug = notebook_code(submission)
    matches = [ex for ex in exercises if ex.slug == slug or submission.stem in (ex.module, ex.slug)]
    if len(matches) != 1:
        raise SubmissionError(f"{submission}: a single file grades one exercise; name it (e.g. `dojo grade sdpa --submission {submission.name}`)")
    return [source_from_path(matches[0], submission)]
