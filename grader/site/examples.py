"""The visible examples of an exercise, read from its test file for the site's Test Cases tab.

The test file is parsed, never imported: the site shows each test's name, docstring and source.
"""
from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass

from grader.site.highlight import code_block


@dataclass(frozen=True)
class VisibleTest:
    name: str  # the pytest node name, e.g. test_example_1_small_vector
    title: str  # for people, e.g. "Example 1: small vector"
    doc: str
    source_html: str


def _title(name: str) -> str:
    words = re.sub(r"^test_?", "", name).replace("__", "_").split("_")
    text = " ".join(w for w in words if w)
    m = re.match(r"^(example|case)\s+(\d+)\s*(.*)$", text, re.I)
    if m:
        rest = m.group(3).strip()
        return f"{m.group(1).capitalize()} {m.group(2)}" + (f": {rest}" if rest else "")
    return text[:1].upper() + text[1:] if text else name


TestNode = ast.FunctionDef | ast.AsyncFunctionDef


def _tests_in(body: list[ast.stmt], prefix: str = "") -> list[tuple[str, TestNode]]:
    found: list[tuple[str, TestNode]] = []
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            found.append((prefix + node.name, node))
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            found.extend(_tests_in(node.body, prefix=f"{node.name}."))
    return found


def visible_tests(source: str) -> list[VisibleTest]:
    """Every test function (and Test* class method) of a visible test file, in file order."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    lines = source.splitlines()
    out: list[VisibleTest] = []
    for name, node in _tests_in(tree.body):
        start = min([d.lineno for d in node.decorator_list] + [node.lineno]) - 1
        end = node.end_lineno or node.lineno
        code = textwrap.dedent("\n".join(lines[start:end]))
        doc = ast.get_docstring(node) or ""
        out.append(VisibleTest(name=name, title=_title(name.rsplit(".", 1)[-1]), doc=doc, source_html=code_block(code, "python")))
    return out
