"""Bad submissions: each one becomes that student's error entry, saying why, and the batch goes on."""
from __future__ import annotations

import stat
import zipfile

import pytest

from grader.classroom.batch import run_batch
from grader.classroom.gradebook import Gradebook
from grader.classroom.unpack import UnsafeArchive, safe_extract

from .conftest import CountingSandbox


def _zip(path, entries):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in entries:
            zf.writestr(info, data)
    return path


def _symlink_entry(name, target):
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target


@pytest.fixture
def bad_class(tmp_path, dojo_catalog):
    ex = dojo_catalog.get("stable-softmax")
    root = tmp_path / "submissions"
    root.mkdir()
    (root / "good").mkdir()
    (root / "good" / f"{ex.module}.py").write_bytes(ex.reference_path.read_bytes())
    (root / "empty_folder").mkdir()
    (root / "empty_file.py").write_bytes(b"")
    (root / "latin1.py").write_bytes("# café\n".encode("latin-1") + b"def softmax(x, axis=-1):\n    return x\n")
    (root / "broken_notebook.ipynb").write_text('{"cells": [', encoding="utf-8")
    (root / "not_a_zip.zip").write_bytes(b"this is not a zip archive")
    _zip(root / "zip_bomb.zip", [(f"{ex.module}.py", b"0" * (60 * 1024 * 1024))])  # 60 MiB of zeros: ~60 KiB zipped
    _zip(root / "many_files.zip", [(f"f{i}.py", b"") for i in range(2001)])
    _zip(root / "dot_dot.zip", [(f"../{ex.module}.py", b"print('escaped')\n")])
    _zip(root / "absolute.zip", [(f"/tmp/{ex.module}.py", b"print('escaped')\n")])
    _zip(root / "symlink.zip", [_symlink_entry(f"{ex.module}.py", "/etc/passwd")])
    _zip(root / "empty_zip.zip", [])
    return ex, root


EXPECTED = {
    "empty_folder": "empty",
    "empty_file": "empty",
    "latin1": "not UTF-8",
    "broken_notebook": "not a valid notebook",
    "not_a_zip": "not a valid zip",
    "zip_bomb": "MiB",
    "many_files": "2001 files",
    "dot_dot": "leaving its folder",
    "absolute": "absolute path",
    "symlink": "symbolic link",
    "empty_zip": "empty",
}


def test_each_bad_submission_gets_an_error_entry_and_the_rest_is_graded(bad_class, dojo_catalog, sandbox, tmp_path):
    """Does every kind of bad input give its student a worded error while the good student is graded?"""
    ex, root = bad_class
    counting = CountingSandbox(sandbox)
    with Gradebook(tmp_path / "gb.sqlite") as gb:
        summary = run_batch(dojo_catalog, root, gb, counting, exercises=[ex])
        rows = {r.student: r for r in gb.rows()}
    assert summary.not_recorded == []
    assert rows["good"].status == "passed"
    assert counting.runs == 1  # bad input never reaches the sandbox
    for student, words in EXPECTED.items():
        row = rows[student]
        assert row.status == "error" and row.points == 0, student
        assert words in row.error, (student, row.error)
        assert str(tmp_path) not in row.error  # no temporary paths in what the student reads
    assert set(rows) == set(EXPECTED) | {"good"}
    assert not (tmp_path / ex.module).with_suffix(".py").exists()
    assert not (root.parent / f"{ex.module}.py").exists()


def test_declared_sizes_that_lie_cannot_unpack_more(tmp_path):
    """Does an archive that under-declares its sizes fail cleanly rather than unpack past the cap?"""
    archive = _zip(tmp_path / "a.zip", [("a.txt", b"x" * 50_000), ("b.txt", b"y" * 50_000)])
    with pytest.raises(UnsafeArchive, match="MiB"):
        safe_extract(archive, tmp_path, max_total_bytes=99_999)
    data = bytearray(archive.read_bytes())
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) != -1:  # central directory: claim 10 bytes each
        data[start + 24:start + 28] = (10).to_bytes(4, "little")
        start += 4
    lying = tmp_path / "lying.zip"
    lying.write_bytes(bytes(data))
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(UnsafeArchive, match="damaged"):
        safe_extract(lying, out, max_total_bytes=1000)
    assert sum(f.stat().st_size for f in out.rglob("*") if f.is_file()) <= 1000
