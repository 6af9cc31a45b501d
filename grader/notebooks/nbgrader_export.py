"""`dojo nbgrader export OUT`: a real nbgrader course, one assignment per track.

    OUT/nbgrader_config.py
    OUT/source/<track>/<module>.ipynb     one notebook per exercise (nbgrader v3 cell metadata)
    OUT/source/<track>/<support files>    released with the notebooks
    OUT/dojo-course/                      the course's copy of the catalog: exercises/ and the
                                          exported tracks' solutions (reference + hidden.py)

Each notebook: the statement (markdown, locked), the solution cell (the starter with the reference
between solution markers, see grader/notebooks/solution_cell.py), the visible examples (locked, not graded:
`dojo grade` does not count them either) and one autograded test cell worth the exercise's points
whose whole body is a hidden-tests region calling grader/notebooks/nbgrader_hidden.py. See docs/nbgrader.md.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from grader.catalog import Catalog, Exercise, Track
from grader.notebooks.nbgrader_hidden import COURSE_DATA
from grader.notebooks.learner import copy_support_files, notebook_metadata, notebook_name, starter_code, statement, visible_examples, with_role
from grader.notebooks.solution_cell import solution_cell

CONFIG_MARKER = "# Written by `dojo nbgrader export`"
# The hidden cell runs every case of one exercise; each call has its own limit (time_limit_s) and
# at most two calls may run to it, so a cell never needs more than a few multiples of that.
CELL_TIMEOUT_S = 300

CONFIG = f'''{CONFIG_MARKER}; it rewrites this file unless you delete this line.
"""nbgrader configuration of the Transformer Dojo course. Run nbgrader in this folder, with the
Python environment that has `grader` installed first on PATH (its ipykernel is the "python3" kernel)."""
c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.course_id = "transformer-dojo"
# The default stub: every solution region sits inside a function body (grader/notebooks/solution_cell.py).
c.ClearSolutions.code_stub = {{"python": "# YOUR CODE HERE\\nraise NotImplementedError()"}}
# The hidden test cell runs all of an exercise's cases (each call limited to its exercise's time_limit_s).
c.ExecutePreprocessor.timeout = {CELL_TIMEOUT_S}
'''


def _meta(grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = False,
          points: float = 0.0) -> dict[str, object]:
    return {"grade": grade, "grade_id": grade_id, "locked": locked, "points": points,
            "schema_version": 3, "solution": solution, "task": False}


def _nb_cell(cell: NotebookNode, role: str, **meta: object) -> NotebookNode:
    with_role(cell, role)  # `dojo grade NB.ipynb` then grades the solution cell only
    cell.metadata["nbgrader"] = _meta(**meta)  # type: ignore[arg-type]
    return cell


def hidden_cell_source(ex: Exercise, n_cases: int | None = None) -> str:
    """The autograded cell: a comment that stays in the release, the call that does not."""
    count = f"{n_cases} hidden cases, " if n_cases is not None else ""
    return (f"# Hidden tests of {ex.slug} ({count}{ex.points:g} points) run here when the notebook is graded.\n"
            "### BEGIN HIDDEN TESTS\n"
            "from grader.notebooks.nbgrader_hidden import hidden_score\n"
            f"hidden_score({ex.slug!r}, globals())\n"
            "### END HIDDEN TESTS")


def course_notebook(ex: Exercise, n_cases: int | None = None) -> NotebookNode:
    m = ex.module
    preamble, examples = visible_examples(ex)
    cells = [
        _nb_cell(new_markdown_cell(statement(ex)), "statement", grade_id=f"{m}_statement", locked=True),
        _nb_cell(new_markdown_cell("Write your solution in the next cell (replace each `raise NotImplementedError()`),"
                                   " run it, then run the examples below it."),
                 "statement", grade_id=f"{m}_instructions", locked=True),
        _nb_cell(new_code_cell(solution_cell(starter_code(ex), ex.reference_path).rstrip("\n")), "solution",
                 grade_id=f"{m}_solution", solution=True),
        _nb_cell(new_markdown_cell("## Examples\nThese cells are not graded: the hidden tests at the end are."),
                 "statement", grade_id=f"{m}_examples_heading", locked=True),
    ]
    if preamble:
        cells.append(_nb_cell(new_code_cell(preamble), "test", grade_id=f"{m}_examples_setup", locked=True))
    for k, example in enumerate(examples, 1):
        cells.append(_nb_cell(new_code_cell(example.source), "test", grade_id=f"{m}_example_{k}", locked=True))
    cells.append(_nb_cell(new_code_cell(hidden_cell_source(ex, n_cases)), "test", grade_id=f"{m}_hidden_tests",
                          grade=True, locked=True, points=ex.points))
    nb = new_notebook(cells=cells, metadata=notebook_metadata(ex))
    nbformat.validate(nb)
    return nb


_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.dojo-backup", ".pytest_cache")


def _copy_catalog(catalog: Catalog, tracks: list[Track], dest: Path) -> None:
    """exercises/ whole (tracks.toml names every track), solutions/ of the exported tracks without mutants."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(catalog.root / "exercises", dest / "exercises", ignore=_IGNORED)
    for track in tracks:
        for ex in track.exercises:
            shutil.copytree(ex.solution_dir, dest / "solutions" / ex.track / ex.slug,
                            ignore=shutil.ignore_patterns("mutants", "__pycache__", "*.pyc"))


@dataclass
class CourseExport:
    root: Path
    notebooks: dict[str, list[Path]] = field(default_factory=dict)  # assignment -> notebooks
    config_written: bool = True


def export_course(catalog: Catalog, out: Path, tracks: list[Track]) -> CourseExport:
    """Write (or refresh) the course in `out`; gradebook, submissions and grades there are left alone."""
    from grader import trusted

    out.mkdir(parents=True, exist_ok=True)
    result = CourseExport(out.resolve())
    config = out / "nbgrader_config.py"
    if config.exists() and CONFIG_MARKER not in config.read_text(encoding="utf-8"):
        result.config_written = False  # the instructor's own configuration wins
    else:
        config.write_text(CONFIG, encoding="utf-8")
    _copy_catalog(catalog, tracks, out / COURSE_DATA)
    for track in tracks:
        folder = out / "source" / track.slug
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for ex in track.exercises:
            nb = course_notebook(ex, len(trusted.hidden_cases(ex)))
            path = folder / notebook_name(ex)
            nbformat.write(nb, str(path))
            copy_support_files(ex, folder)
            paths.append(path)
        result.notebooks[track.slug] = paths
    return result
