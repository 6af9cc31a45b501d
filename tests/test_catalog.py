"""The catalog loader: every malformed input is one clear error naming the file and the key."""
from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from grader.catalog import load_catalog
from grader.cli import main
from grader.errors import CatalogError

EXERCISE_TOML = """\
title = "Tiny"
difficulty = "easy"
framework = "numpy"
entry = ["tiny"]
tags = ["t"]
resources = [{ kind = "paper", title = "P", url = "https://example.org" }]
"""


def _make(root: Path, toml: str = EXERCISE_TOML, starter: str = "def tiny(x):\n    raise NotImplementedError\n",
          tracks_extra: str = "", slugs: str = '"tiny-one"') -> Path:
    (root / "exercises").mkdir(parents=True)
    (root / "exercises" / "tracks.toml").write_text(textwrap.dedent(f"""\
        [[track]]
        slug = "basics"
        title = "Basics"
        blurb = "b"
        exercises = [{slugs}]
        {tracks_extra}
        """))
    folder = root / "exercises" / "basics" / "tiny-one"
    folder.mkdir(parents=True)
    (folder / "exercise.toml").write_text(toml)
    (folder / "README.md").write_text("# Tiny\n")
    (folder / "tiny_one.py").write_text(starter)
    (folder / "test_tiny_one.py").write_text("def test_a():\n    pass\n")
    return folder


def _error(root: Path, strict: bool = True) -> CatalogError:
    with pytest.raises(CatalogError) as info:
        load_catalog(root, strict=strict)
    return info.value


def test_valid_catalog_loads(tmp_path):
    _make(tmp_path)
    cat = load_catalog(tmp_path, strict=True)
    ex = cat.get("tiny-one")
    assert (ex.number, ex.module, ex.points, ex.rtol) == (1, "tiny_one", 10.0, 1e-5)
    assert ex.reference_path == tmp_path / "solutions" / "basics" / "tiny-one" / "tiny_one.py"


def test_unknown_key(tmp_path):
    """Does a typo in exercise.toml name the file and the key?"""
    _make(tmp_path, EXERCISE_TOML + 'dificulty = "hard"\n')
    err = _error(tmp_path)
    assert err.key == "dificulty" and err.path.endswith("tiny-one/exercise.toml")
    assert "unknown key" in str(err)


def test_missing_field(tmp_path):
    _make(tmp_path, EXERCISE_TOML.replace('framework = "numpy"\n', ""))
    err = _error(tmp_path)
    assert err.key == "framework" and "missing" in str(err)


def test_bad_difficulty(tmp_path):
    _make(tmp_path, EXERCISE_TOML.replace('"easy"', '"trivial"'))
    err = _error(tmp_path)
    assert err.key == "difficulty" and "easy, medium, hard" in str(err)


def test_wrong_type(tmp_path):
    _make(tmp_path, EXERCISE_TOML + "points = \"ten\"\n")
    assert _error(tmp_path).key == "points"


def test_bad_resource_kind(tmp_path):
    _make(tmp_path, EXERCISE_TOML.replace('kind = "paper"', 'kind = "podcast"'))
    assert _error(tmp_path).key == "resources[0].kind"


def test_duplicate_slug(tmp_path):
    _make(tmp_path, slugs='"tiny-one", "tiny-one"')
    err = _error(tmp_path)
    assert "duplicate slug 'tiny-one'" in str(err) and err.path.endswith("tracks.toml")


def test_missing_file(tmp_path):
    folder = _make(tmp_path)
    (folder / "test_tiny_one.py").unlink()
    err = _error(tmp_path)
    assert err.path.endswith("test_tiny_one.py") and "missing" in str(err)


def test_missing_exercise_folder(tmp_path):
    folder = _make(tmp_path)
    shutil.rmtree(folder)
    err = _error(tmp_path)
    assert "exercises/basics/tiny-one/ is missing" in str(err)


def test_entry_not_defined(tmp_path):
    """Does a starter that lacks an entry name fail in strict mode, and only there?"""
    _make(tmp_path, starter="def other(x):\n    pass\n")
    err = _error(tmp_path)
    assert err.key == "entry" and "'tiny'" in str(err)
    load_catalog(tmp_path, strict=False)  # learners edit starters in place: not their catalog's fault


def test_invalid_toml(tmp_path):
    _make(tmp_path, EXERCISE_TOML + "title = \n")
    assert "invalid TOML" in str(_error(tmp_path))


def test_unknown_prerequisite(tmp_path):
    _make(tmp_path, EXERCISE_TOML + 'prerequisites = ["nope"]\n')
    assert _error(tmp_path).key == "prerequisites"


def test_bad_slug(tmp_path):
    _make(tmp_path, slugs='"Tiny_One"')
    assert "kebab-case" in str(_error(tmp_path))


def test_cli_reports_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    """Does the CLI turn a broken exercise.toml into one line naming file and key, exit 2?"""
    _make(tmp_path, EXERCISE_TOML + "colour = 1\n")
    monkeypatch.setenv("DOJO_ROOT", str(tmp_path))
    assert main(["list"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "exercise.toml" in err and "'colour'" in err


def test_real_catalog_is_valid(catalog):
    slugs = [ex.slug for ex in catalog.exercises]
    assert len(slugs) == len(set(slugs))
    assert [ex.number for ex in catalog.exercises] == list(range(1, len(slugs) + 1))
    assert catalog.tracks[0].slug == "foundations"
