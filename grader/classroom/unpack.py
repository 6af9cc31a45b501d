"""Extract a submitted .zip safely: caps checked before writing, nothing lands outside the folder.

A zip is untrusted input read by the trusted process, so every entry is vetted first: absolute
paths, `..`, drive letters and symlinks are refused, and the total size, the number of entries
(folders count too: 20,000 empty folders are work as well) and the depth are capped using what
the archive declares. The declared sizes can lie, so the bytes actually written
are counted too and extraction stops at the cap.
"""
from __future__ import annotations

import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from grader.errors import SubmissionError

MAX_TOTAL_BYTES = 50 * 1024 * 1024  # a class's .py files and notebooks are kilobytes; this is generous
MAX_FILES = 2000  # entries: files and folders
MAX_DEPTH = 32  # folders inside folders (the walk of the extracted folder has the same cap)
MAX_NAME = 1024  # characters in one entry's path
_CHUNK = 1 << 16


class UnsafeArchive(SubmissionError):
    """The archive cannot be extracted safely (or at all); the message says why in words."""


def _safe_name(info: zipfile.ZipInfo) -> PurePosixPath:
    name = info.filename.replace("\\", "/")  # archives made on Windows may use backslashes
    path = PurePosixPath(name)
    if len(path.parts) > MAX_DEPTH + 1:
        raise UnsafeArchive(f"the archive holds folders nested more than {MAX_DEPTH} deep ({info.filename[:40]!r}...)")
    if len(name) > MAX_NAME or "\0" in name:
        raise UnsafeArchive(f"the archive holds a path longer than {MAX_NAME} characters ({info.filename[:40]!r}...)")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise UnsafeArchive(f"the archive holds an absolute path ({info.filename!r})")
    if ".." in path.parts:
        raise UnsafeArchive(f"the archive holds a path leaving its folder ({info.filename!r})")
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise UnsafeArchive(f"the archive holds a symbolic link ({info.filename!r})")
    kind = stat.S_IFMT(mode)  # 0 when the archiver recorded permissions only
    if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
        raise UnsafeArchive(f"the archive holds a special file ({info.filename!r})")
    return path


def safe_extract(archive: Path, dest: Path, max_total_bytes: int = MAX_TOTAL_BYTES, max_files: int = MAX_FILES) -> int:
    """Extract `archive` into `dest` (which must exist); returns the number of files written."""
    try:
        zf = zipfile.ZipFile(archive)
    except zipfile.BadZipFile:
        raise UnsafeArchive("not a valid zip archive") from None
    except OSError as exc:
        raise UnsafeArchive(f"cannot be read ({exc.strerror})") from None
    with zf:
        infos = zf.infolist()
        files = [i for i in infos if not i.is_dir()]
        if len(infos) > max_files:
            raise UnsafeArchive(f"the archive holds {len(infos)} files and folders (at most {max_files} allowed)")
        declared = sum(i.file_size for i in files)
        if declared > max_total_bytes:
            raise UnsafeArchive(f"the archive unpacks to {declared // (1024 * 1024)} MiB "
                                f"(at most {max_total_bytes // (1024 * 1024)} MiB allowed)")
        names = [(_safe_name(i), i) for i in infos]  # vet every entry before writing any
        root = dest.resolve()
        made: set[Path] = {root}  # folders created so far: each entry costs its own depth, not more
        written = 0
        for rel, info in names:
            target = root.joinpath(*(p for p in rel.parts if p != "."))
            if info.is_dir():
                _mkdirs(target, made)
                continue
            if info.flag_bits & 0x1:
                raise UnsafeArchive(f"the archive is encrypted ({info.filename!r})")
            if target == root:
                raise UnsafeArchive(f"the archive holds a file without a name ({info.filename!r})")
            _mkdirs(target.parent, made)
            try:
                # O_EXCL|O_NOFOLLOW via "xb": a duplicate entry never writes through what an earlier one made
                with zf.open(info) as src, open(target, "xb") as out:
                    while chunk := src.read(_CHUNK):
                        written += len(chunk)
                        if written > max_total_bytes:
                            raise UnsafeArchive(f"the archive unpacks to more than "
                                                f"{max_total_bytes // (1024 * 1024)} MiB (its declared sizes are wrong)")
                        out.write(chunk)
            except FileExistsError:
                raise UnsafeArchive(f"the archive holds {info.filename!r} twice") from None
            except IsADirectoryError:
                raise UnsafeArchive(f"the archive holds {info.filename!r} as both a file and a folder") from None
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as exc:
                raise UnsafeArchive(f"the archive is damaged ({str(exc)[:120]})") from None
        return len(files)


def _mkdirs(folder: Path, made: set[Path]) -> None:
    """mkdir -p without recursion; every folder made by the extraction itself (the archive holds no links)."""
    missing = []
    while folder not in made:
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        try:
            path.mkdir()
        except FileExistsError:
            if not path.is_dir() or path.is_symlink():
                raise UnsafeArchive(f"the archive holds {path.name!r} as both a file and a folder") from None
        made.add(path)
