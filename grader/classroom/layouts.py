"""Class folders laid out by an LMS, and a folder that is one student's own work.

`dojo grade-batch SUBMISSIONS/` reads one entry per student. Beyond that plain layout (and
nbgrader's, read by batch.discover), three layouts are recognised here:

- Canvas's "Download Submissions": loose files in one folder named
  `lastfirst_userid_submissionid_filename` (`lastfirst_LATE_userid_...` when late), several
  files per student. The files of one user id make one submission; their names lose the prefix
  (and Canvas's `-1` added to a second file of the same name) before the exercises are looked for.
- Moodle's "Download all submissions": a folder per student, `Full Name_12345_assignsubmission_file_`
  (or, without folders, files named `Full Name_12345_assignsubmission_file_filename`).
- One student's folder laid out like `exercises/` (track or exercise folders, or exercise files at
  the top): graded as that one student, and the batch says so, instead of taking each track
  folder for a student.

Files are never followed through links: a link in the download is that student's error, as
everywhere else (grader.submission.read_file).
"""
from __future__ import annotations

import os
import re
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path

from grader.catalog import Catalog
from grader.classroom.unpack import MAX_FILES, MAX_TOTAL_BYTES, UnsafeArchive, safe_extract
from grader.errors import SubmissionError
from grader.submission import MAX_NOTEBOOK_BYTES, read_file

CANVAS = re.compile(r"^(?P<who>[^_/]+?)(?P<late>_LATE)?_(?P<uid>\d+)_(?P<sub>\d+)_(?P<file>.+)$")
MOODLE = re.compile(r"^(?P<who>.+?)_(?P<pid>\d+)_assignsubmission_(?P<kind>[a-z]+)_(?P<file>.*)$")
CANVAS_COPY = re.compile(r"^(?P<stem>.+)-\d+(?P<suffix>\.[^.]+)$")  # Canvas's name for a second file of one name
IGNORED = ("__MACOSX", ".ipynb_checkpoints", "__pycache__")
MAX_LISTED = 5


@dataclass
class Entry:
    """One student of a recognised layout."""

    name: str  # the gradebook's name for the student
    path: Path  # their folder or file (for Canvas: the download folder)
    layout: str  # canvas, moodle, single-student
    files: tuple[Path, ...] = ()  # Canvas: the student's loose files
    lms_id: str = ""  # Canvas user id, Moodle participant number
    display: str = ""  # the name the LMS gives (Moodle's full name, Canvas's lastfirst)
    late_marker: bool = False  # Canvas marked a file LATE


@dataclass
class Layout:
    kind: str
    entries: list[Entry]
    notes: list[str] = field(default_factory=list)  # what was recognised or left out, in words


def _visible(root: Path) -> list[os.DirEntry]:
    with os.scandir(root) as it:
        return sorted((e for e in it if not e.name.startswith((".", "_")) and e.name not in IGNORED),
                      key=lambda e: e.name)


def _listed(names: list[str]) -> str:
    more = f" and {len(names) - MAX_LISTED} more" if len(names) > MAX_LISTED else ""
    return ", ".join(names[:MAX_LISTED]) + more


def detect(root: Path, catalog: Catalog, ignore: tuple[str, ...] = ()) -> Layout | None:
    """The layout of `root` if it is one of this module's (None: read it as a plain class folder).
    Entries whose names end with `ignore` (the gradebook's own files) are not looked at."""
    if not root.is_dir() or root.is_symlink() or root.name == "submitted" or (root / "submitted").is_dir():
        return None
    try:
        entries = _visible(root)
    except OSError:
        return None  # batch.discover reports the unreadable folder
    entries = [e for e in entries if not ignore or not e.name.endswith(ignore)]
    for finder in (_canvas, _moodle_folders, _moodle_files, _single_student):
        found = finder(root, entries, catalog)
        if found is not None:
            return found
    return None


# ---------------------------------------------------------------- Canvas


def _canvas(root: Path, entries: list[os.DirEntry], catalog: Catalog) -> Layout | None:
    files = [e for e in entries if not e.is_dir(follow_symlinks=False)]
    matched = [(e, CANVAS.match(e.name)) for e in files]
    hits = [(e, m) for e, m in matched if m is not None]
    if not hits or len(hits) * 2 < len(entries):  # a Canvas download is flat: mostly its own names
        return None
    by_user: dict[str, list[tuple[os.DirEntry, re.Match[str]]]] = {}
    for e, m in hits:
        by_user.setdefault(m["uid"], []).append((e, m))
    out = []
    for uid, own in sorted(by_user.items(), key=lambda kv: (kv[1][0][1]["who"], kv[0])):
        who = own[0][1]["who"]
        out.append(Entry(name=f"{who}_{uid}", path=root, layout="canvas", files=tuple(Path(e.path) for e, _ in own),
                         lms_id=uid, display=who, late_marker=any(m["late"] for _, m in own)))
    notes = [f"{root.name}/ is a Canvas download: {len(hits)} file(s) of {len(out)} student(s), "
             "grouped by Canvas user id"]
    left = [e.name for e, m in matched if m is None]
    if left:
        notes.append(f"not named as Canvas names submissions, so not graded: {_listed(left)}")
    return Layout("canvas", out, notes)


def canvas_name(original: str) -> str:
    """The name the student gave a file, from Canvas's download name."""
    m = CANVAS.match(original)
    return m["file"] if m else original


def gather(files: tuple[Path, ...], base: Path, dest: Path) -> list[str]:
    """Copy one student's loose files (Canvas, flat Moodle) into `dest`, named as the student named
    them; a .zip among them is extracted into a folder of its own. Links are refused, never read.
    Returns notes on what was left out."""
    notes: list[str] = []
    total = 0
    names: set[str] = set()
    if len(files) > MAX_FILES:
        raise SubmissionError(f"{len(files)} files (at most {MAX_FILES} per student)")
    for path in files:
        given = _given_name(path.name)
        if path.name.lower().endswith(".zip"):
            unpacked = dest / f".unpacking-{len(names)}"
            unpacked.mkdir(parents=True)
            try:
                safe_extract(path, unpacked, max_total_bytes=max(MAX_TOTAL_BYTES - total, 0))
            except UnsafeArchive as exc:
                raise SubmissionError(f"{path.name}: {exc}") from None
            total += sum(f.stat().st_size for f in unpacked.rglob("*") if f.is_file())
            inside = [p for p in unpacked.iterdir() if p.name not in IGNORED]
            if len(inside) == 1 and inside[0].is_dir() and not inside[0].is_symlink():
                inside[0].rename(dest / _unique(inside[0].name, names))  # a zipped folder: the folder itself
                shutil.rmtree(unpacked)
            else:
                stem = _given_name(path.name[:-4])
                unpacked.rename(dest / _unique("archive" if stem == "file" else stem, names))
            continue
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode):
            raise SubmissionError(f"{path.name} is a symbolic link: submit the file itself")
        if not stat.S_ISREG(mode):
            notes.append(f"{path.name}: not a regular file, left out")
            continue
        data = read_file(path, base, MAX_NOTEBOOK_BYTES)
        total += len(data)
        if total > MAX_TOTAL_BYTES:
            raise SubmissionError(f"the files come to more than {MAX_TOTAL_BYTES // (1024 * 1024)} MiB")
        copy = CANVAS_COPY.match(given)
        if copy and f"{copy['stem']}{copy['suffix']}" not in names and copy["suffix"] in (".py", ".ipynb"):
            given = f"{copy['stem']}{copy['suffix']}"  # Canvas renamed a second upload: the first one wins below
        target = dest / _unique(given, names)
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "xb") as out:
            out.write(data)
    return notes


def _given_name(name: str) -> str:
    """The name the student gave the file, made safe as one name in one folder ("..", "/" and a
    leading dot cannot lead out of it or hide it)."""
    m = CANVAS.match(name) or MOODLE.match(name)
    given = (m["file"] if m else name).replace("/", "_").replace("\\", "_").replace("\0", "_").lstrip(".")
    return given or "file"


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 1
    while candidate in taken:
        stem, dot, suffix = name.rpartition(".")
        candidate = f"{stem}-{n}.{suffix}" if dot else f"{name}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


# ---------------------------------------------------------------- Moodle


def _moodle_folders(root: Path, entries: list[os.DirEntry], catalog: Catalog) -> Layout | None:
    folders = [e for e in entries if e.is_dir(follow_symlinks=False)]
    matched = [(e, MOODLE.match(e.name + ("" if e.name.endswith("_") else "_"))) for e in folders]
    hits = [(e, m) for e, m in matched if m is not None and not m["file"]]
    if not hits or len(hits) * 2 < len(entries):
        return None
    by_participant: dict[str, list[tuple[os.DirEntry, re.Match[str]]]] = {}
    for e, m in hits:
        by_participant.setdefault(m["pid"], []).append((e, m))
    out = []
    skipped = []
    for pid, own in sorted(by_participant.items(), key=lambda kv: (kv[1][0][1]["who"], kv[0])):
        files = [(e, m) for e, m in own if m["kind"] == "file"]
        chosen = (files or own)[0]
        skipped += [e.name for e, _ in own if e is not chosen[0]]
        who = chosen[1]["who"]
        out.append(Entry(name=f"{who}_{pid}", path=Path(chosen[0].path), layout="moodle", lms_id=pid, display=who))
    notes = [f"{root.name}/ is a Moodle download: a folder per student, {len(out)} student(s)"]
    if skipped:
        notes.append(f"only the file submissions are graded; left out: {_listed(skipped)}")
    left = [e.name for e, m in matched if m is None or m["file"]] + [e.name for e in entries if not e.is_dir(follow_symlinks=False)]
    if left:
        notes.append(f"not named as Moodle names submissions, so not graded: {_listed(left)}")
    return Layout("moodle", out, notes)


def _moodle_files(root: Path, entries: list[os.DirEntry], catalog: Catalog) -> Layout | None:
    files = [e for e in entries if not e.is_dir(follow_symlinks=False)]
    hits = [(e, m) for e in files if (m := MOODLE.match(e.name)) is not None and m["kind"] == "file" and m["file"]]
    if not hits or len(hits) * 2 < len(entries):
        return None
    by_participant: dict[str, list[tuple[os.DirEntry, re.Match[str]]]] = {}
    for e, m in hits:
        by_participant.setdefault(m["pid"], []).append((e, m))
    out = [Entry(name=f"{own[0][1]['who']}_{pid}", path=root, layout="moodle", files=tuple(Path(e.path) for e, _ in own),
                 lms_id=pid, display=own[0][1]["who"])
           for pid, own in sorted(by_participant.items(), key=lambda kv: (kv[1][0][1]["who"], kv[0]))]
    return Layout("moodle", out, [f"{root.name}/ is a Moodle download (files, no folders): {len(out)} student(s)"])


# ---------------------------------------------------------------- one student's own folder


def _single_student(root: Path, entries: list[os.DirEntry], catalog: Catalog) -> Layout | None:
    tracks = {t.slug for t in catalog.tracks}
    slugs = {ex.slug for ex in catalog.exercises}
    files = {f"{ex.module}.py" for ex in catalog.exercises} | {f"{ex.module}.ipynb" for ex in catalog.exercises} \
        | {f"{ex.slug}.ipynb" for ex in catalog.exercises}
    folders = [e.name for e in entries if e.is_dir(follow_symlinks=False)]
    like = [n for n in folders if n in tracks or n in slugs or n == "exercises"]
    loose = [e.name for e in entries if not e.is_dir(follow_symlinks=False) and e.name in files]
    if not loose and (not like or len(like) * 2 < len(folders)):
        return None
    named = root.resolve()
    name = (named.parent.name if named.name == "exercises" else named.name) or "student"
    shown = [f"{n}/" for n in like] + loose
    note = (f"{root.name}/ is laid out like exercises/ ({_listed(shown)}): graded as one student, {name!r}. "
            "To grade a class, point grade-batch at the folder holding one folder, zip or file per student")
    return Layout("single-student", [Entry(name=name, path=root, layout="single-student")], [note])


# ---------------------------------------------------------------- what a plain entry is


def kind_of(path: Path) -> str:
    """The layout word of a plain class folder's entry."""
    if path.is_symlink():
        return "link"
    if path.is_dir():
        return "nbgrader" if path.parent.name == "submitted" else "folder"
    return "zip" if path.suffix == ".zip" else "file"
