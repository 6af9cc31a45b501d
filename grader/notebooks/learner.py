"""Learner notebooks: an exercise's statement, starter and visible examples as one .ipynb.

The cells carry `dojo.role` metadata ("statement", "solution", "test") and the notebook names its
exercise in `dojo.slug`, so `dojo grade SLUG --submission NB.ipynb` grades the solution cells only
(grader/submission.py leaves the test cells out). The pieces built here (statement, starter text,
visible examples) are shared with the nbgrader export.
"""
from __future__ import annotations

import ast
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from grader.catalog import Exercise
from grader.errors import UsageError

# The stock ipykernel spec: `jupyter kernelspec list` in the project's environment shows it.
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
LANGUAGE_INFO = {"name": "python"}


@dataclass(frozen=True)
class Example:
    """One visible example: its test function followed by a call, runnable in a notebook cell."""

    name: str
    source: str


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _first_line(node: ast.stmt) -> int:
    """The node's first line, decorators included (1-based)."""
    decorators = getattr(node, "decorator_list", None) or []
    return min([node.lineno] + [d.lineno for d in decorators])


def _tidy(text: str) -> str:
    """No runs of more than two blank lines, no blank lines at either end."""
    return re.sub(r"\n{4,}", "\n\n\n", text).strip("\n")


def _blank_out(lines: list[str], spans: list[tuple[int, int]]) -> str:
    keep = list(lines)
    for start, end in spans:
        for i in range(start - 1, end):
            keep[i] = None  # type: ignore[call-overload]
    return _tidy("\n".join(line for line in keep if line is not None))


def starter_code(ex: Exercise) -> str:
    """The starter without its module docstring (which points at README.md; the notebook has the statement)."""
    source = ex.starter_path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(ex.starter_path))
    if tree.body and _is_docstring(tree.body[0]):
        node = tree.body[0]
        return _blank_out(source.splitlines(), [(node.lineno, node.end_lineno or node.lineno)]) + "\n"
    return source


def statement(ex: Exercise) -> str:
    """The README as markdown, untouched: Jupyter renders `$...$` and `$$...$$` itself."""
    return ex.readme_path.read_text(encoding="utf-8").strip("\n")


def _imports_own_module(node: ast.stmt, module: str) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.module == module and node.level == 0
    if isinstance(node, ast.Import):
        return any(alias.name == module for alias in node.names)
    return False


def visible_examples(ex: Exercise) -> tuple[str, list[Example]]:
    """The test file as (preamble, examples).

    The preamble keeps the imports, constants and helpers, minus the import of the exercise's own
    module: in a notebook the functions come from the solution cell. Each `test_*` function becomes
    one example that defines it and then calls it, so running the cell runs the example.
    """
    source = ex.test_path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(ex.test_path))
    lines = source.splitlines()
    removed: list[tuple[int, int]] = []
    examples: list[Example] = []
    for node in tree.body:
        span = (_first_line(node), node.end_lineno or node.lineno)
        if _is_docstring(node) and node is tree.body[0] or _imports_own_module(node, ex.module):
            removed.append(span)
        elif isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
            removed.append(span)
            body = "\n".join(lines[span[0] - 1 : span[1]])
            if node.args.args or node.args.kwonlyargs or node.args.vararg:
                # Fixtures and parametrised tests need pytest to supply their arguments.
                call = f"# {node.name} takes arguments from pytest: run `dojo check {ex.slug}` for it"
            else:
                call = f"{node.name}()\nprint(\"{node.name}: passed\")"
            examples.append(Example(node.name, f"{body}\n\n\n{call}"))
    preamble = _blank_out(lines, removed)
    if "__file__" in preamble:
        # A notebook has no __file__: the examples then read their files from the notebook's folder.
        preamble = f"__file__ = {ex.test_path.name!r}  # files next to this notebook\n{preamble}"
    return preamble, examples


def with_role(cell: NotebookNode, role: str) -> NotebookNode:
    """Tag a cell for `dojo grade`: only "solution" cells (and untagged code) are graded."""
    cell.metadata["dojo"] = {"role": role}
    return cell


def notebook_metadata(ex: Exercise) -> dict[str, Any]:
    return {"kernelspec": dict(KERNELSPEC), "language_info": dict(LANGUAGE_INFO),
            "dojo": {"slug": ex.slug, "track": ex.track}}


def learner_notebook(ex: Exercise, filename: str) -> NotebookNode:
    preamble, examples = visible_examples(ex)
    how = (f"Write your solution in the next cell and run it, then run the examples below it.\n"
           f"Grade it with the hidden tests: `dojo grade {ex.slug} --submission {filename}` "
           "(only the solution cells count; the example cells and lines starting with `%` or `!` are left out).")
    cells = [
        with_role(new_markdown_cell(statement(ex)), "statement"),
        with_role(new_markdown_cell(how), "statement"),
        with_role(new_code_cell(starter_code(ex).rstrip("\n")), "solution"),
        with_role(new_markdown_cell("## Examples"), "statement"),
    ]
    if preamble:
        cells.append(with_role(new_code_cell(preamble), "test"))
    cells += [with_role(new_code_cell(example.source), "test") for example in examples]
    nb = new_notebook(cells=cells, metadata=notebook_metadata(ex))
    nbformat.validate(nb)
    return nb


def notebook_name(ex: Exercise) -> str:
    """`<module>.ipynb`: the name `dojo grade --submission FOLDER` looks for."""
    return f"{ex.module}.ipynb"


def copy_support_files(ex: Exercise, folder: Path) -> None:
    """Support modules and data sit next to the notebook, where its imports look for them."""
    for name in ex.support_files:
        shutil.copy2(ex.dir / name, folder / name)


def write_learner_notebook(ex: Exercise, folder: Path, force: bool = False) -> Path:
    """Write `<module>.ipynb` (and the exercise's support files) into `folder`; never overwrite work unasked."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / notebook_name(ex)
    if path.exists() and not force:
        raise UsageError(f"{path} already exists (your work?): pass --force to overwrite it")
    nb = learner_notebook(ex, path.name)
    copy_support_files(ex, folder)
    tmp = path.with_name(f".{path.name}.tmp")
    nbformat.write(nb, str(tmp))
    tmp.replace(path)
    return path
