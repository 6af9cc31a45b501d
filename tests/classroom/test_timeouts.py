"""Hanging code: an infinite loop at import time is reported as such, and what one exercise may
cost is bounded by its budget."""
from __future__ import annotations

import time

from grader.classroom.batch import plan_batch
from grader.classroom.gradebook import Gradebook
from grader.cli import main
from grader.grading import grade
from grader.submission import Source

BUDGET = 4.0
SLACK = 3.0  # starting and ending the child, comparing, on a loaded machine


def test_an_infinite_loop_at_import_is_reported_as_one(sandbox, dojo_catalog):
    """The module never finishes importing: the result says so, instead of blaming the first call."""
    ex = dojo_catalog.get("stable-softmax")
    code = b"import numpy as np\n\nwhile True:\n    pass\n\ndef softmax(x, axis=-1):\n    return x\n"
    started = time.monotonic()
    result = grade(sandbox, Source(ex, code, "hang.py"), budget_s=BUDGET)
    assert time.monotonic() - started < BUDGET + SLACK
    assert result.status == "error" and result.points == 0
    assert "did not finish importing" in result.error and "import time" in result.error
    assert result.cases and all(c.message == "not run: the module failed to import" for c in result.cases)


def test_a_hanging_call_costs_at_most_the_budget(sandbox, dojo_catalog):
    """Every call hangs: the exercise stops at its budget, the first call is the one that timed out."""
    ex = dojo_catalog.get("stable-softmax")
    code = b"import time\n\ndef softmax(x, axis=-1):\n    time.sleep(1000)\n"
    started = time.monotonic()
    result = grade(sandbox, Source(ex, code, "slow.py"), budget_s=BUDGET)
    assert time.monotonic() - started < BUDGET + SLACK
    assert result.error is None  # it imported: the calls are to blame
    first, *rest = result.cases
    assert "timed out" in first.message
    assert rest and all(c.message.endswith(("time budget (4 s) ran out", "earlier calls timed out",
                                            "the process crashed too many times")) or "timed out" in c.message
                        for c in rest)


def test_the_budget_reaches_every_task_of_a_batch(dojo_catalog, tmp_path):
    ex = dojo_catalog.get("stable-softmax")
    (tmp_path / "ana").mkdir()
    (tmp_path / "ana" / f"{ex.module}.py").write_bytes(ex.starter_path.read_bytes())
    with Gradebook(tmp_path / "gb.sqlite") as gb:
        tasks, _ = plan_batch(dojo_catalog, tmp_path, gb, [ex], budget_s=12.5)
    assert [t.budget_s for t in tasks] == [12.5]


def test_a_budget_must_be_positive(tmp_path, capsys):
    assert main(["grade-batch", str(tmp_path), "--exercise-budget", "-1", "--gradebook", str(tmp_path / "gb.sqlite")]) == 2
    assert "--exercise-budget must be a positive number" in capsys.readouterr().err
