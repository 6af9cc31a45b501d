"""Feedback that points at the learner's files: check and grade alike name the learner's path and
line for syntax errors, runtime errors and warnings; verdict lines read well."""
from __future__ import annotations

from pathlib import Path

import pytest

from grader.console import print_result
from grader.feedback import Places, pytest_sections, summarize, warning_lines
from grader.grading import CaseResult, ExerciseResult

SOURCE = b"import numpy as np\n\ndef softmax(x, axis=-1):\n    e = np.exp(x)\n    return e / e.sum(axis=axis, keepdims=Tru)\n"


@pytest.fixture
def places(tmp_path):
    folder = tmp_path / "ws" / "foundations" / "stable-softmax"
    return Places.of({"stable_softmax.py": folder / "stable_softmax.py", "test_stable_softmax.py": folder / "test_stable_softmax.py"},
                     module="stable_softmax.py", source=SOURCE, cwd=tmp_path), folder


@pytest.mark.parametrize("sandbox_dir", ["/work", "/tmp/dojo-work-k2j3h4", "/var/tmp/dojo-spawn-x1"])
def test_sandbox_paths_become_the_learners(places, sandbox_dir):
    p, _ = places
    text = (f'  File "{sandbox_dir}/stable_softmax.py", line 4\n'
            f"{sandbox_dir}/stable_softmax.py:4: RuntimeWarning: overflow encountered in exp\n"
            f"{sandbox_dir}/test_stable_softmax.py:9: in test_one")
    out = p.localize(text)
    assert sandbox_dir not in out
    assert 'File "ws/foundations/stable-softmax/stable_softmax.py", line 4' in out
    assert "ws/foundations/stable-softmax/stable_softmax.py:4: RuntimeWarning" in out
    assert "ws/foundations/stable-softmax/test_stable_softmax.py:9" in out


def test_a_frame_gets_its_file_only_when_the_line_matches(places):
    p, _ = places
    matching = "NameError: name 'Tru' is not defined\n  line 5 in softmax: return e / e.sum(axis=axis, keepdims=Tru)"
    assert "ws/foundations/stable-softmax/stable_softmax.py:5 in softmax" in p.localize(matching)
    other = "ValueError: x\n  line 5 in helper: something_else()"  # a support module's frame
    assert p.localize(other) == other


def test_scalars_have_no_index():
    assert Places().localize("output has NaN at index () (1 such entries); expected 0.5") == \
        "output has NaN (1 such entries); expected 0.5"


REPORT = """\
.F                                                                      [100%]
=================================== FAILURES ===================================
_________________________ test_example_2_large _________________________
test_stable_softmax.py:16: in test_example_2_large
    out = softmax(np.array([[1000.0, 1000.0], [-1e4, 0.0]]), axis=-1)
          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
stable_softmax.py:5: in softmax
    return e / e.sum(axis=axis, keepdims=Tru)
                                         ^^^
E   NameError: name 'Tru' is not defined
=============================== warnings summary ===============================
test_stable_softmax.py::test_example_2_large
  /work/stable_softmax.py:4: RuntimeWarning: overflow encountered in exp
    e = np.exp(x)

test_stable_softmax.py::test_example_3
  /work/stable_softmax.py:4: RuntimeWarning: overflow encountered in exp
    e = np.exp(x)

-- Docs: https://docs.pytest.org/en/stable/how-to/capture-warnings.html
=========================== short test summary info ============================
FAILED test_stable_softmax.py::test_example_2_large - NameError: name 'Tru' ...
1 failed, 1 passed, 2 warnings in 0.17s
"""


def test_pytest_report_gives_the_learners_line_and_the_error(places):
    p, _ = places
    sections, warnings = pytest_sections(REPORT)
    report = summarize(sections["test_example_2_large"], "stable_softmax.py")
    assert report.location is not None
    assert p.localize(report.location).startswith("ws/foundations/stable-softmax/stable_softmax.py:5 in softmax")
    assert report.error == ["NameError: name 'Tru' is not defined"]
    lines = warning_lines(warnings)
    assert len(lines) == 2, "the same warning from two tests is shown once"
    assert p.localize(lines[0]).startswith("ws/foundations/stable-softmax/stable_softmax.py:4: RuntimeWarning")


def _result(**kw) -> ExerciseResult:
    base = dict(slug="stable-softmax", title="t", max_points=10.0)
    return ExerciseResult(**{**base, **kw})


def test_an_import_error_is_not_followed_by_n_more_failing_cases(capsys, places):
    p, _ = places
    cases = [CaseResult(f"case_{i}", False, "not run: the module failed to import") for i in range(14)]
    print_result(_result(cases=cases, error="your module failed to import: SyntaxError: '(' was never closed "
                                             "(stable_softmax.py, line 4)"), places=p)
    out = capsys.readouterr().out
    assert "more failing" not in out and "case_0" not in out
    assert "ws/foundations/stable-softmax/stable_softmax.py, line 4" in out
    assert "e = np.exp(x)" in out, "the line itself is quoted from the learner's file"


def test_verbose_lists_every_case_by_name(capsys):
    cases = [CaseResult("random_7", True), CaseResult("huge_values", False, "output has NaN at index (1,)"),
             CaseResult("length_one", True)]
    print_result(_result(cases=cases, points=6.67), verbose=True)
    out = capsys.readouterr().out
    for case in cases:
        assert case.name in out
    assert out.count("✔") == 2 and out.count("✘") == 1
    print_result(_result(cases=cases, points=6.67))
    out = capsys.readouterr().out
    assert "random_7" not in out and "huge_values" in out


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    from grader.cli import main

    monkeypatch.setenv("DOJO_WORKSPACE", str(tmp_path / "ws"))
    monkeypatch.chdir(tmp_path)
    assert main(["init"]) == 0
    return tmp_path / "ws"


@pytest.mark.slow
def test_check_and_grade_name_the_file_and_line_of_a_syntax_error(workspace, capsys):
    from grader.cli import main

    mine = workspace / "foundations" / "stable-softmax" / "stable_softmax.py"
    mine.write_text("import numpy as np\n\ndef softmax(x, axis=-1):\n    return np.exp(x) / (\n")
    capsys.readouterr()
    assert main(["check", "stable-softmax"]) == 1
    check = capsys.readouterr().out
    assert "SyntaxError" in check and 'ws/foundations/stable-softmax/stable_softmax.py", line 4' in check
    assert "importlib" not in check and "/work/" not in check
    assert main(["grade", "stable-softmax"]) == 1
    grade = capsys.readouterr().out
    assert "SyntaxError" in grade and "ws/foundations/stable-softmax/stable_softmax.py, line 4" in grade
    assert "more failing" not in grade


@pytest.mark.slow
def test_check_and_grade_name_the_line_of_a_runtime_error_and_of_a_warning(workspace, capsys):
    from grader.cli import main

    mine = workspace / "foundations" / "stable-softmax" / "stable_softmax.py"
    mine.write_bytes(SOURCE)
    capsys.readouterr()
    assert main(["check", "stable-softmax"]) == 1
    check = capsys.readouterr().out
    assert "ws/foundations/stable-softmax/stable_softmax.py:5 in softmax" in check and "NameError" in check
    assert "ws/foundations/stable-softmax/stable_softmax.py:4: RuntimeWarning" in check
    assert main(["grade", "stable-softmax"]) == 1
    grade = capsys.readouterr().out
    assert "ws/foundations/stable-softmax/stable_softmax.py:5 in softmax" in grade
    assert "ws/foundations/stable-softmax/stable_softmax.py:4: RuntimeWarning" in grade
    assert "/work/" not in grade and "dojo-work-" not in grade


@pytest.mark.slow
def test_visible_examples_of_a_numpy_exercise_never_start_torch(catalog):
    from grader.sandbox.parent import Sandbox
    from grader.visible import run_visible

    ex = catalog.get("layernorm")
    assert ex.framework == "numpy"
    with Sandbox() as sandbox:
        result = run_visible(sandbox, ex, ex.reference_path.read_bytes())
        assert result.all_passed, result.output
        assert len(sandbox.zygote_pids()) == 1
        torch_ex = next(e for e in catalog.exercises if e.framework == "torch")
        assert run_visible(sandbox, torch_ex, torch_ex.reference_path.read_bytes()).all_passed
        assert len(sandbox.zygote_pids()) == 2
