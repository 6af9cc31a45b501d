"""The spawned-children sandbox used where fork is missing (Windows), tested here by forcing it."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from grader.grading import grade
from grader.sandbox.spawn import SpawnSandbox
from grader.submission import Source

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def softmax_ex(catalog):
    return dataclasses.replace(catalog.get("stable-softmax"), time_limit_s=2.0)


def _grade(ex, code: bytes):
    with SpawnSandbox() as sandbox:
        return grade(sandbox, Source(ex, code, "spawned"))


def test_reference_scores_full_marks_and_says_how_it_was_isolated(softmax_ex):
    result = _grade(softmax_ex, softmax_ex.reference_path.read_bytes())
    assert result.passed and result.points == softmax_ex.points
    assert result.isolation == "spawned"


def test_mutant_gets_feedback(softmax_ex):
    result = _grade(softmax_ex, (softmax_ex.solution_dir / "mutants" / "ignores_axis.py").read_bytes())
    assert 0 < result.points < softmax_ex.points
    assert "max abs error" in result.first_failure.message


@pytest.mark.slow
@pytest.mark.parametrize("scenario,needle", [("python_loop", "timed out"), ("os_exit", "exited before"),
                                             ("syntax_error", "SyntaxError"), ("sys_exit", "SystemExit")])
def test_misbehaving_code_scores_zero(softmax_ex, scenario, needle):
    result = _grade(softmax_ex, (GOLDEN / scenario / "submission.py").read_bytes())
    text = result.error or result.first_failure.message
    assert result.points == 0 and needle in text


def test_prints_are_captured_apart(softmax_ex, tmp_path):
    code = b"import numpy as np\ndef softmax(x, axis=-1):\n    print('hello from the learner')\n    return np.zeros_like(x)\n"
    result = _grade(softmax_ex, code)
    assert "hello from the learner" in result.stdout and result.points == 0
