"""Learner notebooks, the nbgrader solution cell and the in-kernel hidden runner, without running nbgrader."""
from __future__ import annotations

import ast
import contextlib
import dataclasses
import os
from pathlib import Path

import nbformat
import pytest

from grader import trusted
from grader.catalog import Exercise, load_catalog
from grader.cli import main
from grader.grading import grade
from grader.notebooks.nbgrader_hidden import hidden_score, run_cases
from grader.notebooks.learner import starter_code
from grader.notebooks.solution_cell import BEGIN, END, solution_cell, strip_markers
from grader.submission import Source, resolve

from nb_helpers import TRACK, solution_cells, with_solution

SLUGS = ["stable-softmax", "cross-entropy", "layernorm", "gelu", "char-tokenizer"]


def _ex(slug: str) -> Exercise:
    return load_catalog().get(slug)


def _role(cell: nbformat.NotebookNode) -> str | None:
    return (cell.metadata.get("dojo") or {}).get("role")


def _exec_cells(cells: list[str], folder: Path) -> None:
    """Run notebook cells in order in one namespace, in the notebook's folder, like a kernel would."""
    namespace: dict = {"__name__": "__main__"}
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(open(os.devnull, "w")):
            for source in cells:
                exec(compile(source, "<cell>", "exec"), namespace)
    finally:
        os.chdir(cwd)


# ---------------------------------------------------------------- dojo notebook


@pytest.mark.parametrize("slug", SLUGS)
def test_learner_notebook_is_valid_and_tagged(slug: str, tmp_path: Path) -> None:
    """Does `dojo notebook SLUG` write a valid notebook with the statement, the starter and the examples?"""
    assert main(["notebook", slug, "--out", str(tmp_path)]) == 0
    ex = _ex(slug)
    path = tmp_path / f"{ex.module}.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["dojo"]["slug"] == slug
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source == ex.readme_path.read_text(encoding="utf-8").strip("\n")
    (solution,) = solution_cells(nb)
    assert solution.source.rstrip("\n") == starter_code(ex).rstrip("\n")
    tests = [c for c in nb.cells if _role(c) == "test"]
    assert tests and all(c.cell_type == "code" for c in tests)
    joined = "\n".join(c.source for c in tests)
    assert f"from {ex.module} import" not in joined and f"import {ex.module}" not in joined
    names = [n.name for n in ast.parse(ex.test_path.read_text(encoding="utf-8")).body
             if isinstance(n, ast.FunctionDef) and n.name.startswith("test")]
    for name in names:
        assert f"\n{name}()" in joined, f"{name} is never called in the notebook"


def test_track_writes_one_notebook_per_exercise(tmp_path: Path, foundations: list[Exercise]) -> None:
    assert main(["notebook", TRACK, "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.glob("*.ipynb")) == sorted(f"{ex.module}.ipynb" for ex in foundations)


def test_notebook_is_never_overwritten_unasked(tmp_path: Path) -> None:
    """Does a second `dojo notebook` keep the learner's work unless --force?"""
    assert main(["notebook", "gelu", "--out", str(tmp_path)]) == 0
    path = tmp_path / "gelu.ipynb"
    path.write_text(path.read_text() + " ", encoding="utf-8")
    mine = path.read_text()
    assert main(["notebook", "gelu", "--out", str(tmp_path)]) == 2
    assert path.read_text() == mine
    assert main(["notebook", "gelu", "--out", str(tmp_path), "--force"]) == 0


@pytest.mark.parametrize("slug", SLUGS)
def test_visible_cells_pass_on_the_reference_and_fail_on_the_starter(slug: str, tmp_path: Path) -> None:
    """Do the example cells run against the functions the notebook defines (no module import)?"""
    ex = _ex(slug)
    assert main(["notebook", slug, "--out", str(tmp_path)]) == 0
    nb = nbformat.read(str(tmp_path / f"{ex.module}.ipynb"), as_version=4)
    tests = [c.source for c in nb.cells if _role(c) == "test"]
    _exec_cells([ex.reference_path.read_text(encoding="utf-8"), *tests], tmp_path)
    with pytest.raises(NotImplementedError):
        _exec_cells([solution_cells(nb)[0].source, *tests], tmp_path)


@pytest.mark.parametrize("slug", SLUGS)
def test_notebook_grades_like_the_same_py(slug: str, tmp_path: Path, sandbox) -> None:
    """Does `dojo grade --submission NB.ipynb` give the same points and per-case verdicts as a .py of the same code?"""
    ex = _ex(slug)
    assert main(["notebook", slug, "--out", str(tmp_path)]) == 0
    nb = nbformat.read(str(tmp_path / f"{ex.module}.ipynb"), as_version=4)
    for k, code_path in enumerate([ex.reference_path, ex.mutant_paths[0], ex.starter_path]):
        code = code_path.read_text(encoding="utf-8")
        py = tmp_path / f"v{k}" / f"{ex.module}.py"
        ipynb = tmp_path / f"v{k}" / f"{ex.module}.ipynb"
        py.parent.mkdir()
        py.write_text(code, encoding="utf-8")
        nbformat.write(with_solution(nb, code), str(ipynb))
        catalog = load_catalog()
        (from_py,) = resolve(catalog, [ex], py)
        (from_nb,) = resolve(catalog, [ex], ipynb)
        a, b = grade(sandbox, from_py), grade(sandbox, from_nb)
        assert (a.points, a.error) == (b.points, b.error), code_path.name
        assert [(c.name, c.passed, c.message) for c in a.cases] == [(c.name, c.passed, c.message) for c in b.cases]
    assert a.points == 0 and b.points == 0  # the untouched starter


def test_dojo_grade_accepts_the_notebook(tmp_path: Path, capsys) -> None:
    ex = _ex("stable-softmax")
    assert main(["notebook", ex.slug, "--out", str(tmp_path)]) == 0
    path = tmp_path / f"{ex.module}.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    nbformat.write(with_solution(nb, ex.reference_path.read_text(encoding="utf-8")), str(path))
    assert main(["grade", ex.slug, "--submission", str(path)]) == 0
    assert "10/10" in capsys.readouterr().out.replace(".00", "")


# ---------------------------------------------------------------- the nbgrader solution cell


def _release(cell_source: str) -> str:
    """What nbgrader generate_assignment leaves of a solution cell (its own ClearSolutions preprocessor)."""
    from nbformat.v4 import new_code_cell, new_notebook
    from nbgrader.preprocessors import ClearSolutions

    cell = new_code_cell(cell_source)
    cell.metadata["nbgrader"] = {"solution": True, "grade": False, "locked": False, "grade_id": "x", "schema_version": 3}
    nb = new_notebook(cells=[cell], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nb, _ = ClearSolutions().preprocess(nb, {})
    return nb.cells[0].source


@pytest.mark.parametrize("slug", SLUGS)
def test_solution_cell_is_the_reference_and_its_release_the_starter(slug: str, sandbox) -> None:
    """Does the source cell grade like the reference, and does its release define every entry as a stub?"""
    ex = _ex(slug)
    cell = solution_cell(starter_code(ex), ex.reference_path)
    assert BEGIN in cell and END in cell
    full = grade(sandbox, Source(ex, strip_markers(cell).encode(), "solution cell"))
    assert full.passed, full.first_failure
    release = _release(cell)
    assert BEGIN not in release and "raise NotImplementedError()" in release
    namespace: dict = {}
    exec(compile(release, "<release>", "exec"), namespace)  # the release cell itself must run
    for name in ex.entry:
        assert callable(namespace[name])
    assert grade(sandbox, Source(ex, release.encode(), "release")).points == 0


def test_every_exercise_has_a_sensible_solution_cell() -> None:
    """For every exercise of the catalog: does the cell parse, and does its release still define the entries?"""
    for ex in load_catalog().exercises:
        cell = solution_cell(starter_code(ex), ex.reference_path)
        ast.parse(strip_markers(cell))
        defined = {n.name for n in ast.parse(_release(cell)).body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
        assert set(ex.entry) <= defined, ex.slug


# ---------------------------------------------------------------- the hidden cell's runner


def _namespace(code: str) -> dict:
    namespace: dict = {"__name__": "__main__"}
    exec(compile(code, "<cell>", "exec"), namespace)
    return namespace


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # mutants overflow on purpose
@pytest.mark.parametrize("slug", SLUGS)
def test_hidden_runner_judges_like_dojo_grade(slug: str, sandbox) -> None:
    """Does the in-kernel runner give every mutant the same per-case verdicts and points as the sandbox?"""
    ex = _ex(slug)
    for path in [ex.reference_path, *ex.mutant_paths, ex.starter_path]:
        code = path.read_text(encoding="utf-8")
        in_kernel = run_cases(ex, _namespace(code))
        sandboxed = grade(sandbox, Source(ex, code.encode(), path.name))
        assert in_kernel.points == sandboxed.points, path.name
        assert [(c.name, c.passed) for c in in_kernel.cases] == [(c.name, c.passed) for c in sandboxed.cases], path.name


NOISY = '''
import os, sys, warnings
import numpy as np

def softmax(x, axis=-1):
    warnings.warn("a harmless warning")
    print("debug", file=sys.stderr)
    os.write(2, b"straight to fd 2\\n")
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
'''


def test_hidden_score_writes_nothing_to_stderr(capfd, monkeypatch) -> None:
    """Does a learner's warning or stderr print cost nothing (nbgrader gives 0 to a cell with stderr output)?"""
    monkeypatch.setenv("DOJO_COURSE", str(load_catalog().root))
    points = hidden_score("stable-softmax", _namespace(NOISY))
    out, err = capfd.readouterr()
    assert err == ""
    assert points == 10.0
    n = len(trusted.hidden_cases(load_catalog().get("stable-softmax")))
    assert f"{n}/{n} hidden cases passed" in out and "not shown" in out


def test_an_endless_loop_costs_its_case_only(monkeypatch) -> None:
    """Does a call that never returns time out, and are the calls after two timeouts not run?"""
    ex = dataclasses.replace(_ex("stable-softmax"), time_limit_s=0.3)
    code = ("import numpy as np\n"
            "def softmax(x, axis=-1):\n"
            "    if x.ndim == 1:\n"
            "        while True: pass\n"
            "    e = np.exp(x - x.max(axis=axis, keepdims=True))\n"
            "    return e / e.sum(axis=axis, keepdims=True)\n")
    result = run_cases(ex, _namespace(code))
    verdicts = {c.name: c for c in result.cases}
    assert "timed out" in verdicts["random_7_axis-1"].message
    assert verdicts["random_3x5_axis-1"].passed


def test_the_course_copy_is_found_from_an_autograde_folder(tmp_path: Path, monkeypatch) -> None:
    from grader.notebooks.nbgrader_hidden import COURSE_DATA, course_catalog_root

    monkeypatch.delenv("DOJO_COURSE", raising=False)
    (tmp_path / COURSE_DATA / "exercises").mkdir(parents=True)
    (tmp_path / COURSE_DATA / "exercises" / "tracks.toml").write_text("")
    deep = tmp_path / "autograded" / "alice" / TRACK
    deep.mkdir(parents=True)
    assert course_catalog_root(deep) == tmp_path / COURSE_DATA
    with pytest.raises(RuntimeError, match="DOJO_COURSE"):
        course_catalog_root(tmp_path.parent)
