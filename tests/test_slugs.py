"""What a learner may type for an exercise: slug, module or file name, squashed name, number, a typo."""
from __future__ import annotations

import pytest

from grader.errors import UsageError


def test_every_exercise_answers_to_its_module_number_and_squashed_name(catalog):
    for ex in catalog.exercises:
        for name in (ex.slug, ex.module, f"{ex.module}.py", ex.slug.replace("-", ""), ex.slug.upper(),
                     str(ex.number), f"{ex.number}."):
            found = catalog.lookup(name)
            assert found.exercise == ex and not found.guessed, name


def test_a_close_misspelling_is_taken_and_flagged(catalog):
    ex = catalog.get("stable-softmax")
    for typo in ("stable-sofmax", "stabel-softmax", "stable-softmaxx"):
        found = catalog.lookup(typo)
        assert found.exercise == ex and found.guessed, typo


@pytest.mark.parametrize("name", ["softmax", "attention", "sae", "x", "0", "9999"])
def test_ambiguous_or_unknown_names_are_refused_with_suggestions(catalog, name):
    with pytest.raises(UsageError) as info:
        catalog.lookup(name)
    assert name in str(info.value)


def test_get_never_guesses(catalog):
    """Instructors' commands name exercises exactly: a typo there is an error, with the likely slug."""
    with pytest.raises(UsageError, match="did you mean stable-softmax"):
        catalog.get("stabel-softmax")
    assert catalog.select(["2", "layernorm"]) == [catalog.get("cross-entropy"), catalog.get("layernorm")]


def test_short_names_never_guess(catalog):
    """A typo in a three-letter slug makes another word: no guessing there."""
    with pytest.raises(UsageError, match="did you mean mha"):
        catalog.lookup("mah")


def test_a_folder_inside_an_exercise_means_that_exercise(catalog, tmp_path):
    ex = catalog.get("layernorm")
    assert catalog.exercise_at(tmp_path / "ws" / ex.track / ex.slug / "sub") == ex
    assert catalog.exercise_at(ex.dir) == ex
    assert catalog.exercise_at(tmp_path / "ws" / ex.track) is None
    assert catalog.exercise_at(tmp_path / "ws" / "attention" / ex.slug) is None, "a slug under the wrong track"


def test_cli_says_when_it_guessed(capsys):
    from grader.cli import main

    assert main(["hint", "stabel-softmax", "1"]) == 0
    captured = capsys.readouterr()
    assert "taking 'stabel-softmax' to mean stable-softmax" in captured.err and "Hint 1/" in captured.out
