"""Symbolic links in a submission are refused, never followed: a link to a reference scores nothing."""
from __future__ import annotations

import os
import stat
import zipfile

import nbformat
import pytest

from grader.classroom.batch import run_batch
from grader.classroom.gradebook import Gradebook
from grader.submission import resolve

from .conftest import CountingSandbox


def _notebook(code: str, slug: str) -> str:
    nb = nbformat.v4.new_notebook()
    nb.metadata["dojo"] = {"slug": slug}
    nb.cells = [nbformat.v4.new_code_cell(code)]
    return nbformat.writes(nb)


@pytest.fixture
def linking_class(tmp_path, dojo_catalog):
    """One honest student, and one student per way of pointing at a reference instead of handing code in."""
    ex = dojo_catalog.get("stable-softmax")
    root = tmp_path / "submissions"
    (root / "ann").mkdir(parents=True)
    (root / "ann" / f"{ex.module}.py").write_bytes(ex.reference_path.read_bytes())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "answer.ipynb").write_text(_notebook(ex.reference_path.read_text(), ex.slug), encoding="utf-8")

    def folder(name: str) -> os.PathLike:
        (root / name).mkdir()
        return root / name

    os.symlink(ex.reference_path, folder("absolute") / f"{ex.module}.py")
    os.symlink(f"../ann/{ex.module}.py", folder("relative") / f"{ex.module}.py")
    (folder("track") / "wrapper").mkdir()  # wrapped in a folder, as a zipped folder unpacks
    os.symlink(ex.reference_path.parents[1], root / "track" / "wrapper" / ex.track)  # the whole track
    os.symlink(ex.reference_path.parent, folder("slug_folder") / ex.slug)
    os.symlink(elsewhere / "answer.ipynb", folder("notebook_by_name") / f"{ex.module}.ipynb")
    os.symlink(elsewhere / "answer.ipynb", folder("notebook_by_metadata") / "my answer.ipynb")
    os.symlink(ex.reference_path, root / "single.py")
    info = zipfile.ZipInfo(f"zipped/{ex.module}.py")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(root / "zipped.zip", "w") as zf:
        zf.writestr(info, str(ex.reference_path))
    return ex, root


EXPECTED = {  # student -> the link the error names
    "absolute": "absolute/stable_softmax.py is a symbolic link: submit the file itself",
    "relative": "relative/stable_softmax.py is a symbolic link: submit the file itself",
    "track": "track/wrapper/foundations is a symbolic link: submit the folder itself",
    "slug_folder": "slug_folder/stable-softmax is a symbolic link: submit the folder itself",
    "notebook_by_name": "notebook_by_name/stable_softmax.ipynb is a symbolic link",
    "notebook_by_metadata": "symbolic links are not followed: notebook_by_metadata/my answer.ipynb",
    "single": "single.py is a symbolic link",
    "zipped": "symbolic link",
}


def test_links_to_references_are_errors_and_honest_students_are_graded(linking_class, dojo_catalog, sandbox, tmp_path):
    """Does every link (absolute, relative, a linked track or exercise folder, a notebook, a zip entry)
    give its student 0 with an error naming it, while the honest student gets full marks?"""
    ex, root = linking_class
    counting = CountingSandbox(sandbox)
    with Gradebook(tmp_path / "gb.sqlite") as gb:
        run_batch(dojo_catalog, root, gb, counting)  # the exercise found from ann's files alone
        rows = {r.student: r for r in gb.rows()}
    assert set(rows) == set(EXPECTED) | {"ann"}
    assert rows["ann"].status == "passed" and rows["ann"].points == ex.points
    for student, words in EXPECTED.items():
        row = rows[student]
        assert (row.status, row.points) == ("error", 0), student
        assert words in row.error, (student, row.error)
    assert counting.runs == 1  # no linked file ever reached the sandbox


def test_dojo_grade_submission_refuses_links(linking_class, dojo_catalog):
    """Does `dojo grade --submission` (a folder, or the file itself) refuse a link instead of reading it?"""
    ex, root = linking_class
    for path in (root / "absolute", root / "relative" / f"{ex.module}.py", root / "slug_folder",
                 root / "notebook_by_name"):
        (src,) = resolve(dojo_catalog, [ex], path)
        assert src.code is None and "is a symbolic link" in src.error, (path, src.error)
    (src,) = resolve(dojo_catalog, [ex], root / "ann")
    assert src.code == ex.reference_path.read_bytes()


def test_a_link_swapped_in_after_discovery_is_not_followed(linking_class, dojo_catalog, tmp_path):
    """Is the file read with no link followed even if a folder becomes a link between walk and read?"""
    from grader.classroom.locate import Locator

    ex, root = linking_class
    sub = tmp_path / "swap"
    (sub / ex.slug).mkdir(parents=True)
    (sub / ex.slug / f"{ex.module}.py").write_text("def softmax(x, axis=-1):\n    return x\n")
    locator = Locator(sub, "swap")
    (sub / ex.slug / f"{ex.module}.py").unlink()
    (sub / ex.slug).rmdir()
    os.symlink(ex.reference_path.parent, sub / ex.slug)
    src = locator.source(ex)
    assert src.code is None and "swap/stable-softmax is a symbolic link" in src.error
