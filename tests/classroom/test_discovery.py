"""Finding each student's code: folders, zips, single files and nbgrader's submitted/ layout."""
from __future__ import annotations

import nbformat

from grader.classroom.batch import discover, materialise, sources


def _nb(code: str, slug: str | None) -> str:
    nb = nbformat.v4.new_notebook()
    if slug:
        nb.metadata["dojo"] = {"slug": slug}
    nb.cells = [nbformat.v4.new_code_cell(code)]
    return nbformat.writes(nb)


def test_nbgrader_submitted_layout_is_detected(tmp_path, dojo_catalog):
    """Is nbgrader's submitted/<student>/<assignment>/ read as one student per folder?"""
    ex = dojo_catalog.get("stable-softmax")
    course = tmp_path / "course"
    for student in ("alice", "bob"):
        nb = course / "submitted" / student / ex.track / f"{ex.module}.ipynb"
        nb.parent.mkdir(parents=True)
        nb.write_text(_nb(f"# {student}\n" + ex.reference_path.read_text(), None), encoding="utf-8")
    (course / "source").mkdir()
    for root in (course, course / "submitted"):
        students = discover(root)
        assert [s.name for s in students] == ["alice", "bob"]
        for i, st in enumerate(students):
            materialise(st, tmp_path / f"scratch-{i}")
            (src,) = sources(st, [ex])
            assert src.code is not None and src.code.startswith(f"# {st.name}".encode())


def test_single_files_and_gradebook_files_in_the_folder(tmp_path, dojo_catalog):
    """Is a lone .py graded as the one exercise asked for, and the gradebook itself left alone?"""
    ex = dojo_catalog.get("stable-softmax")
    (tmp_path / "carol.py").write_bytes(ex.reference_path.read_bytes())
    (tmp_path / "dan.ipynb").write_text(_nb(ex.reference_path.read_text(), ex.slug), encoding="utf-8")
    (tmp_path / "gradebook.sqlite").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("not a submission")
    students = discover(tmp_path)
    assert [s.name for s in students] == ["carol", "dan"]
    for i, st in enumerate(students):
        materialise(st, tmp_path / f"scratch-{i}")
        (src,) = sources(st, [ex])
        assert src.code is not None and b"def softmax" in src.code
