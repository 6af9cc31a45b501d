"""A crash in one exercise costs only that exercise.

The golden scenarios themselves (tests/sandbox/golden/: a submission for stable-softmax and the
verdict it must get, in expected.toml) run in every isolation mode in test_modes.py. expected.toml
keys: points, or min_points/max_points; status; message (strings the feedback must contain);
sandboxed_only (only an isolating mode can stop it: the limits-only mode skips it, and batch
grading refuses that mode); exercise (grade the submission as this exercise instead of
stable-softmax); absent (strings that must appear nowhere in the feedback, the error or the
printed output kept, e.g. a raw ESC).
"""
from __future__ import annotations

from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.slow
def test_one_exercise_crashing_costs_only_that_exercise(catalog, tmp_path, capsys):
    """Does a submission that kills its process in one exercise still get the others graded?"""
    from grader.cli import main

    folder = tmp_path / "submission"
    bad = folder / "foundations" / "stable-softmax" / "stable_softmax.py"
    good = folder / "foundations" / "layernorm" / "layernorm.py"
    for path, source in ((bad, GOLDEN / "os_exit" / "submission.py"),
                         (good, catalog.get("layernorm").reference_path)):
        path.parent.mkdir(parents=True)
        path.write_bytes(source.read_bytes())
    results = tmp_path / "results.json"
    assert main(["grade", "stable-softmax", "layernorm", "--submission", str(folder), "--results-json", str(results)]) == 1
    import json

    data = json.loads(results.read_text())
    by_exercise: dict[str, float] = {}
    for test in data["tests"]:
        slug = test["name"].split(":")[0]
        by_exercise[slug] = by_exercise.get(slug, 0.0) + test["score"]
    assert by_exercise["stable-softmax"] == 0
    assert abs(by_exercise["layernorm"] - catalog.get("layernorm").points) < 1e-9
