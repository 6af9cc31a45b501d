"""What `dojo dev check` does, for every exercise of the catalog, one test each."""
from __future__ import annotations

import pytest

from grader.catalog import load_catalog
from grader.devcheck import check_exercise

EXERCISES = load_catalog(strict=True).exercises


@pytest.mark.slow
@pytest.mark.parametrize("exercise", EXERCISES, ids=[ex.slug for ex in EXERCISES])
def test_exercise_is_sound(exercise, sandbox):
    """Metadata valid, hints present, the reference passes, the starter fails, every mutant is caught."""
    report = check_exercise(sandbox, exercise)
    assert report.ok, "\n".join(report.problems)
    assert len(report.mutants) >= 2
    for mutant in report.mutants:
        assert not mutant.hidden.passed, f"mutant {mutant.name} ({mutant.mistake}) passes the hidden tests"


def test_every_statement_has_the_required_sections():
    """Does every README carry the gptandchill sections a learner relies on?"""
    missing = []
    for ex in EXERCISES:
        text = ex.readme_path.read_text(encoding="utf-8")
        for needle in ("**Inputs**", "**Output", "**Example 1", "**Example 2", "**Notes**"):
            if needle not in text:
                missing.append(f"{ex.slug}: {needle}")
    assert not missing, missing


def test_every_starter_raises_not_implemented():
    lazy = [ex.slug for ex in EXERCISES if "NotImplementedError" not in ex.starter_path.read_text(encoding="utf-8")]
    assert not lazy


def test_resources_link_somewhere():
    assert all(ex.resources for ex in EXERCISES)
    assert all(r.url.startswith("https://") for ex in EXERCISES for r in ex.resources)
