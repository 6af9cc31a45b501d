"""LMS download layouts and one student's own folder, found without grading anything."""
from __future__ import annotations

import datetime as dt
import os
import zipfile

import pytest

from grader.classroom.batch import discover, materialise, sources
from grader.classroom.course import Course, parse_time
from grader.classroom.deadlines import Deadlines
from grader.classroom.gradebook import GradeRow
from grader.classroom.identity import Known, nbgrader_times


def _sources(students, exercises, tmp_path):
    out = {}
    for i, st in enumerate(students):
        materialise(st, tmp_path / f"scratch-{i}")
        out[st.name] = {src.exercise.slug: src for src in sources(st, exercises)}
    return out


def test_canvas_files_are_grouped_by_user_id(tmp_path, dojo_catalog):
    """Several Canvas files of one user make one submission, named as the student named them: a LATE
    marker is kept, Canvas's `-1` for a second file of one name is undone, a zip among them is unpacked,
    and files not named the Canvas way are left out and listed."""
    softmax, gelu = dojo_catalog.get("stable-softmax"), dojo_catalog.get("gelu")
    root = tmp_path / "download"
    root.mkdir()
    (root / f"lopezana_101_9001_{softmax.module}.py").write_bytes(softmax.reference_path.read_bytes())
    (root / f"lopezana_101_9001_{gelu.module}-1.py").write_bytes(gelu.reference_path.read_bytes())
    (root / "smithben_LATE_102_9002_notes.txt").write_text("my notes")
    with zipfile.ZipFile(root / "smithben_LATE_102_9002_homework.zip", "w") as zf:
        zf.writestr(f"homework/{softmax.module}.py", softmax.starter_path.read_bytes())
    (root / "instructions.pdf").write_bytes(b"%PDF")
    notes: list[str] = []
    students = discover(root, dojo_catalog, notes)
    assert [s.name for s in students] == ["lopezana_101", "smithben_102"]
    assert [s.info.late_marker for s in students] == [False, True]
    assert any("Canvas download" in n for n in notes) and any("instructions.pdf" in n for n in notes)
    found = _sources(students, [softmax, gelu], tmp_path)
    assert found["lopezana_101"]["stable-softmax"].code == softmax.reference_path.read_bytes()
    assert found["lopezana_101"]["gelu"].code == gelu.reference_path.read_bytes()
    assert found["smithben_102"]["stable-softmax"].code == softmax.starter_path.read_bytes()
    assert found["smithben_102"]["stable-softmax"].origin.startswith("smithben_102/")
    assert found["smithben_102"]["gelu"].code is None


def test_a_link_in_a_canvas_download_is_that_students_error(tmp_path, dojo_catalog):
    ex = dojo_catalog.get("stable-softmax")
    root = tmp_path / "download"
    root.mkdir()
    (root / f"lopezana_101_9001_{ex.module}.py").write_bytes(ex.starter_path.read_bytes())
    os.symlink(ex.reference_path, root / f"smithben_102_9002_{ex.module}.py")
    students = discover(root, dojo_catalog)
    found = _sources(students, [ex], tmp_path)
    assert found["lopezana_101"]["stable-softmax"].code is not None
    ben = found["smithben_102"]["stable-softmax"]
    assert ben.code is None and "symbolic link" in ben.error


def test_moodle_folders_are_one_student_each(tmp_path, dojo_catalog):
    ex = dojo_catalog.get("stable-softmax")
    root = tmp_path / "download"
    for name, pid in (("Ana Lopez", "5001"), ("José Núñez", "5002")):
        folder = root / f"{name}_{pid}_assignsubmission_file_"
        folder.mkdir(parents=True)
        (folder / f"{ex.module}.py").write_bytes(ex.reference_path.read_bytes())
    (root / "Ana Lopez_5001_assignsubmission_onlinetext_").mkdir()
    notes: list[str] = []
    students = discover(root, dojo_catalog, notes)
    assert [(s.name, s.info.lms_id, s.info.display) for s in students] == [
        ("Ana Lopez_5001", "5001", "Ana Lopez"), ("José Núñez_5002", "5002", "José Núñez")]
    assert any("onlinetext" in n for n in notes)
    assert all(src["stable-softmax"].code for src in _sources(students, [ex], tmp_path).values())


@pytest.mark.parametrize("wrap", ["", "exercises"])
def test_one_students_exercises_folder_is_recognised(tmp_path, dojo_catalog, wrap):
    ex = dojo_catalog.get("stable-softmax")
    home = tmp_path / "alice"
    base = home / wrap if wrap else home
    (base / ex.track / ex.slug).mkdir(parents=True)
    (base / ex.track / ex.slug / f"{ex.module}.py").write_bytes(ex.reference_path.read_bytes())
    (base / "attention").mkdir()
    notes: list[str] = []
    students = discover(base, dojo_catalog, notes)
    assert [s.name for s in students] == ["alice"]
    assert "graded as one student" in notes[0]
    assert _sources(students, [ex], tmp_path)["alice"]["stable-softmax"].code == ex.reference_path.read_bytes()


def test_a_plain_class_folder_is_not_mistaken_for_one_student(tmp_path, dojo_catalog):
    ex = dojo_catalog.get("stable-softmax")
    for name in ("ana", "ben", "foundations-fan"):
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{ex.module}.py").write_bytes(b"x = 1\n")
    notes: list[str] = []
    assert [s.name for s in discover(tmp_path, dojo_catalog, notes)] == ["ana", "ben", "foundations-fan"]
    assert notes == []


def test_nbgrader_timestamps_are_read_per_assignment(tmp_path):
    student = tmp_path / "submitted" / "ana"
    for assignment, stamp in (("ps1", "2025-03-07 20:00:00.123456 UTC"), ("ps2", "2025-03-14 09:30:00.000000 UTC")):
        (student / assignment).mkdir(parents=True)
        (student / assignment / "timestamp.txt").write_text(stamp + "\n")
    (student / "ps3").mkdir()
    times = nbgrader_times(student)
    assert times == {"ps1": "2025-03-07 20:00:00.123456 UTC", "ps2": "2025-03-14 09:30:00.000000 UTC"}
    assert parse_time(times["ps1"], dt.timezone(dt.timedelta(hours=5))) == \
        dt.datetime(2025, 3, 7, 20, 0, 0, 123456, tzinfo=dt.timezone.utc)


def test_a_canvas_late_marker_without_a_time_says_no_penalty_could_be_computed():
    course = Course(due={"stable-softmax": parse_time("2025-03-07 23:59", dt.timezone.utc)})
    known = {"smithben_102": Known("smithben_102", "canvas", "102", "smithben", late_marker=True)}
    row = GradeRow("smithben_102", "stable-softmax", "Softmax", 10.0, 10.0, "passed", None)
    late = Deadlines(course, [], [], known).late(row)
    assert late.penalty is None and "Canvas marked it late" in late.note and late.time_source == "Canvas's LATE marker"


def test_canvas_names_of_dots_stay_in_the_students_folder(tmp_path):
    from grader.classroom.layouts import gather

    root, dest = tmp_path / "download", tmp_path / "scratch"
    root.mkdir()
    dest.mkdir()
    files = []
    for name in ("lopezana_101_9001_...", "lopezana_101_9001_..zip", "lopezana_101_9001_.hidden.py"):
        (root / name).write_bytes(b"x = 1\n")
        files.append(root / name)
    with zipfile.ZipFile(files[1], "w") as zf:
        zf.writestr("a.py", b"y = 2\n")
    gather(tuple(files), root, dest)
    made = sorted(str(p.relative_to(dest)) for p in dest.rglob("*"))
    assert made == ["archive", "archive/a.py", "file", "hidden.py"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["download", "scratch"]
