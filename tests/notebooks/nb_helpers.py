"""Helpers shared by the notebook and nbgrader tests (a plain module: conftest.py holds the fixtures)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat

TRACK = "foundations"


def solution_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in nb.cells if (c.metadata.get("dojo") or {}).get("role") == "solution"]


def with_solution(nb: nbformat.NotebookNode, code: str) -> nbformat.NotebookNode:
    """A copy of `nb` whose (single) solution cell holds `code`: what a learner hands in."""
    nb = nbformat.from_dict(nb)
    (cell,) = solution_cells(nb)
    cell.source = code
    return nb


def venv_env() -> dict[str, str]:
    """The environment for the nbgrader CLI: this Python's bin first on PATH (alembic, the kernel)."""
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("OMP_NUM_THREADS", "1")
    return env
