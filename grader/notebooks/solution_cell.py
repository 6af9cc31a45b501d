"""The nbgrader solution cell of an exercise: the starter, with the reference inside solution regions.

The starter's text (imports, signatures, docstrings, `# TODO` comments) stays outside the markers;
each entry function's body is replaced by the reference's body between `### BEGIN SOLUTION` and
`### END SOLUTION`. `nbgrader generate_assignment` then turns every region into
`raise NotImplementedError()` at the body's indentation, so the release is the starter again.

A region at module level would become a module-level `raise` in the release (the cell would fail
before the learner wrote a line), so the reference's own module-level helpers (imports, constants,
private functions) go inside the region of each function that uses them.
"""
from __future__ import annotations

import ast
from pathlib import Path

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"


def _is_docstring(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _first_line(node: ast.stmt) -> int:
    decorators = getattr(node, "decorator_list", None) or []
    return min([node.lineno] + [d.lineno for d in decorators])


def _defined(node: ast.stmt) -> set[str]:
    """Names a top-level statement binds."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        targets = [node.target]
    return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}


def _used(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _body_span(fn: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]) -> tuple[int, int] | None:
    """Lines (1-based, inclusive) of a function's code after its docstring, with the comments just above it."""
    body = fn.body[1:] if fn.body and _is_docstring(fn.body[0]) else fn.body
    if not body:
        return None
    start = _first_line(body[0])
    stop = fn.body[0].end_lineno if body is not fn.body else fn.lineno
    while start - 1 > (stop or 0) and lines[start - 2].strip().startswith("#"):
        start -= 1
    return start, body[-1].end_lineno or start


def _shift(text_lines: list[str], old: str, new: str) -> list[str]:
    if old == new:
        return text_lines
    return [new + line[len(old):] if line.startswith(old) else line for line in text_lines]


def _indent_of(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _helpers(reference: ast.Module, starter_names: set[str], starter_imports: set[str]) -> list[ast.stmt]:
    """The reference's top-level statements the starter lacks (docstring and shared imports aside)."""
    out = []
    for node in reference.body:
        if _is_docstring(node) and node is reference.body[0]:
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)) and ast.unparse(node) in starter_imports:
            continue
        if _defined(node) and not _defined(node) & starter_names:
            out.append(node)
    return out


def _needed(fn: ast.AST, helpers: list[ast.stmt]) -> list[ast.stmt]:
    """The helpers `fn` uses, directly or through other helpers, in the reference's order."""
    wanted = _used(fn)
    chosen: set[int] = set()
    changed = True
    while changed:
        changed = False
        for i, node in enumerate(helpers):
            if i not in chosen and _defined(node) & wanted:
                chosen.add(i)
                wanted |= _used(node)
                changed = True
    return [node for i, node in enumerate(helpers) if i in chosen]


def merge(starter: str, reference: str, where: str = "<starter>") -> str:
    """The starter with every function that the reference also defines filled in between the markers."""
    s_tree = ast.parse(starter, filename=where)
    r_tree = ast.parse(reference, filename=f"{where} (reference)")
    s_lines, r_lines = starter.splitlines(), reference.splitlines()
    r_funcs = {n.name: n for n in r_tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    r_classes = {n.name: n for n in r_tree.body if isinstance(n, ast.ClassDef)}
    starter_names = {name for n in s_tree.body for name in _defined(n)}
    starter_imports = {ast.unparse(n) for n in s_tree.body if isinstance(n, (ast.Import, ast.ImportFrom))}
    helpers = _helpers(r_tree, starter_names, starter_imports)

    # (starter span to replace, replacement lines), applied bottom-up so line numbers stay valid.
    edits: list[tuple[int, int, list[str]]] = []

    def fill(s_fn: ast.FunctionDef | ast.AsyncFunctionDef, r_fn: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        r_span = _body_span(r_fn, r_lines)
        if r_span is None:
            return
        r_body = r_lines[r_span[0] - 1 : r_span[1]]
        r_indent = _indent_of(r_lines[r_fn.body[-1].lineno - 1])
        s_span = _body_span(s_fn, s_lines)
        if s_span is not None:
            # Keep the starter's leading comments (the `# TODO` hints) outside the region.
            first_code = _first_line(s_fn.body[1] if _is_docstring(s_fn.body[0]) else s_fn.body[0])
            start, end = first_code, s_span[1]
            indent = _indent_of(s_lines[first_code - 1])
        else:  # only a docstring: the region goes right after it
            start = end = (s_fn.body[0].end_lineno or s_fn.lineno) + 1
            indent = _indent_of(s_lines[s_fn.body[0].lineno - 1])
            end = start - 1
        region = [indent + BEGIN]
        for helper in _needed(r_fn, helpers):
            h_lines = r_lines[_first_line(helper) - 1 : helper.end_lineno]
            region += [indent + line if line.strip() else "" for line in h_lines]
        region += _shift(r_body, r_indent, indent)
        region.append(indent + END)
        edits.append((start, end, region))

    for node in s_tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in r_funcs:
            fill(node, r_funcs[node.name])
        elif isinstance(node, ast.ClassDef) and node.name in r_classes:
            r_methods = {m.name: m for m in r_classes[node.name].body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))}
            for method in node.body:
                if isinstance(method, (ast.FunctionDef, ast.AsyncFunctionDef)) and method.name in r_methods:
                    fill(method, r_methods[method.name])
    out = list(s_lines)
    for start, end, region in sorted(edits, reverse=True):
        out[start - 1 : end] = region
    return "\n".join(out) + "\n"


def strip_markers(source: str) -> str:
    """The solution itself: the cell with its marker lines removed."""
    return "\n".join(line for line in source.split("\n") if line.strip() not in (BEGIN, END))


def solution_cell(starter: str, reference_path: Path) -> str:
    return merge(starter, reference_path.read_text(encoding="utf-8"), where=str(reference_path))
