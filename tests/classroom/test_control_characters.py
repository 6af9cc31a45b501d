"""Student names, feedback and printed output holding terminal escapes reach no page, CSV or
terminal raw."""
from __future__ import annotations

import io

from grader.catalog import project_root
from grader.classroom.export import to_csv
from grader.classroom.gradebook import CaseRow, GradeRow
from grader.classroom.report import build_report

RAW = ("\x1b", "\x07", "\x00", "\u202e", "\x9b")
NAME = "mallory\x1b]0;owned\x07\u202e"


def row() -> GradeRow:
    return GradeRow(student=NAME, exercise="stable-softmax", title="Numerically Stable Softmax", points=0.0,
                    max_points=10.0, status="failed", error=None,
                    cases=(CaseRow("random_7_axis-1", False, "raised ValueError: \x1b[2J\x00"),),
                    stdout="\x1b[31mred\x9b", stderr="\x07", isolation="namespaces")


def test_the_report_pages_hold_no_control_characters(tmp_path):
    pages = build_report(tmp_path, [row()], ["stable-softmax"], project_root() / "site")
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not [c for c in RAW if c in html], page
    assert "mallory\\x1b]0;owned\\x07\\u202e" in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_the_csv_holds_no_control_characters():
    text = to_csv([row()], ["stable-softmax"])
    assert not [c for c in RAW if c in text] and "mallory\\x1b" in text


def test_the_console_prints_no_control_characters():
    from rich.console import Console

    from grader.console import escape

    out = io.StringIO()
    Console(file=out, force_terminal=True, color_system=None).print(f"student {escape(NAME + '[/]')}")
    assert not [c for c in RAW if c in out.getvalue()] and "[/]" in out.getvalue()
