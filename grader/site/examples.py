"""The visible examples of an exercise, read from its test file for the site's Test Cases tab.

The test file is parsed, never imported. Each test becomes a self-contained card: **Input** holds
the imports, module-level data, helpers and fixtures the test uses (a test may rely on `X = ...`
defined at the top of the file) followed by the test's own set-up; **Expected** holds its checks,
from the first `assert` (or `pytest.raises`, `np.testing.assert_*`) on. Titles are unique on a
page: tests that share an "Example N" get letters (Example 1a, Example 1b).
"""
from __future__ import annotations

import ast
import re
import textwrap
from collections import Counter
from dataclasses import dataclass

from grader.site.highlight import code_block

# Fixtures pytest provides itself: a test may take them without the file defining them.
PYTEST_FIXTURES = frozenset({"tmp_path", "tmp_path_factory", "tmpdir", "capsys", "capfd", "monkeypatch",
                             "request", "recwarn", "caplog"})


@dataclass(frozen=True)
class VisibleTest:
    name: str  # the pytest node name, e.g. test_example_1_small_vector
    title: str  # for people, unique on the page, e.g. "Example 1: small vector"
    doc: str
    input_code: str  # what the test needs and sets up, runnable as it stands
    expected_code: str  # its checks
    input_html: str
    expected_html: str

    @property
    def source(self) -> str:
        """The card as one script: Input then Expected."""
        return "\n".join(part for part in (self.input_code, self.expected_code) if part)


def _title(name: str) -> str:
    words = re.sub(r"^test_?", "", name).replace("__", "_").split("_")
    text = " ".join(w for w in words if w)
    m = re.match(r"^(example|case)\s+(\d+)\s*(.*)$", text, re.I)
    if m:
        rest = m.group(3).strip()
        return f"{m.group(1).capitalize()} {m.group(2)}" + (f": {rest}" if rest else "")
    return text[:1].upper() + text[1:] if text else name


def unique_titles(titles: list[str]) -> list[str]:
    """"Example 1: a", "Example 1: b" -> "Example 1a: a", "Example 1b: b"; any other repeat gets (2), (3)."""
    numbered = [re.match(r"^((?:Example|Case) \d+)(?=:|$)", t) for t in titles]
    counts = Counter(m.group(1) for m in numbered if m)
    letters: Counter[str] = Counter()
    out: list[str] = []
    for title, m in zip(titles, numbered):
        if m and counts[m.group(1)] > 1:
            key = m.group(1)
            title = f"{key}{'abcdefghijklmnopqrstuvwxyz'[letters[key] % 26]}{title[len(key):]}"
            letters[key] += 1
        out.append(title)
    seen: Counter[str] = Counter()
    final = []
    for title in out:
        seen[title] += 1
        final.append(title if seen[title] == 1 else f"{title} ({seen[title]})")
    return final


TestNode = ast.FunctionDef | ast.AsyncFunctionDef


def _tests_in(body: list[ast.stmt], prefix: str = "") -> list[tuple[str, TestNode, ast.ClassDef | None]]:
    found: list[tuple[str, TestNode, ast.ClassDef | None]] = []
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            found.append((prefix + node.name, node, None))
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            found.extend((name, fn, node) for name, fn, _ in _tests_in(node.body, prefix=f"{node.name}."))
    return found


def _is_fixture(node: ast.stmt) -> bool:
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    for deco in node.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        if ast.unparse(target) in ("pytest.fixture", "fixture"):
            return True
    return False


def _defined_by(node: ast.stmt) -> set[str]:
    """The module-level names a statement binds."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    names: set[str] = set()
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        targets = [node.target]
    elif isinstance(node, (ast.For, ast.AsyncFor)):
        targets = [node.target]
    elif isinstance(node, (ast.With, ast.AsyncWith)):
        targets = [item.optional_vars for item in node.items if item.optional_vars is not None]
    for target in targets:
        names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    return names


def _loaded(nodes: list[ast.AST]) -> set[str]:
    return {n.id for node in nodes for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _needed(tree: ast.Module, roots: set[str]) -> list[ast.stmt]:
    """The module-level statements defining `roots`, and what those need in turn, in file order."""
    definers: dict[str, list[ast.stmt]] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test") and not _is_fixture(node):
            continue
        if isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            continue
        for name in _defined_by(node):
            definers.setdefault(name, []).append(node)
    chosen: set[int] = set()
    todo = list(roots)
    done: set[str] = set()
    while todo:
        name = todo.pop()
        if name in done:
            continue
        done.add(name)
        for node in definers.get(name, []):
            if id(node) not in chosen:
                chosen.add(id(node))
                todo.extend(_loaded([node]))
                if _is_fixture(node):  # a fixture's own fixtures are its parameters
                    todo.extend(a.arg for a in node.args.args)  # type: ignore[union-attr]
    return [node for node in tree.body if id(node) in chosen]


CHECK_CALL_RE = re.compile(r"(^|\.)(assert\w*|raises|warns|approx)$")


def _is_check(stmt: ast.stmt, helpers: frozenset[str] = frozenset()) -> bool:
    """Whether a statement of a test checks rather than sets up: an assert, a call to
    `assert*` / `pytest.raises` / `approx` or to a helper of the file that asserts, or a loop or
    block holding one."""
    for node in ast.walk(stmt):
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            if CHECK_CALL_RE.search(name) or name in helpers:
                return True
    return False


def _check_helpers(tree: ast.Module) -> frozenset[str]:
    """Module-level functions (not tests, not fixtures) whose body checks something."""
    return frozenset(
        node.name for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("test")
        and not _is_fixture(node) and any(_is_check(s) for s in node.body)
    )


def _segment(lines: list[str], node: ast.AST, with_decorators: bool = True) -> str:
    start = node.lineno
    if with_decorators and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.decorator_list:
        start = min(d.lineno for d in node.decorator_list)
    end = node.end_lineno or node.lineno
    return textwrap.dedent("\n".join(lines[start - 1:end]))


def _body_without_docstring(node: TestNode) -> list[ast.stmt]:
    body = list(node.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
        body = body[1:]
    return body


def _card(tree: ast.Module, lines: list[str], node: TestNode, owner: ast.ClassDef | None) -> tuple[str, str]:
    """(input code, expected code) of one test."""
    body = _body_without_docstring(node)
    params = [a.arg for a in node.args.args if a.arg != "self"]
    parametrized: set[str] = set()
    setup_decorators: list[str] = []
    for deco in node.decorator_list:
        if isinstance(deco, ast.Call) and ast.unparse(deco.func).endswith("parametrize") and deco.args:
            first = deco.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                names = [n.strip() for n in first.value.split(",") if n.strip()]
                parametrized |= set(names)
                values = ast.unparse(deco.args[1]) if len(deco.args) > 1 else "[]"
                # One loop per parametrize: the card runs every parameter set, as pytest does.
                setup_decorators.append(f"for {', '.join(names)} in {values}:")
    uses = _loaded([*body, *node.decorator_list]) | {p for p in params if p not in parametrized}
    if owner is not None:
        uses |= {n.name for n in owner.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and _is_fixture(n)} & set(params)
    needed = _needed(tree, uses)
    imports = [n for n in needed if isinstance(n, (ast.Import, ast.ImportFrom))]
    others = [n for n in needed if not isinstance(n, (ast.Import, ast.ImportFrom))]
    setup = [_segment(lines, n) for n in imports]
    if others:
        setup.append("")
        # A fixture is shown as the plain function it is (the card calls it), without @pytest.fixture.
        setup += [_segment(lines, n, with_decorators=not _is_fixture(n)) for n in others]
    fixtures = [p for p in params if p not in parametrized and p not in PYTEST_FIXTURES and
                any(_is_fixture(n) and n.name == p for n in others)]  # type: ignore[attr-defined]
    helpers = _check_helpers(tree)
    # Checks start at the first statement that checks; a test with none ends with its check.
    split = next((i for i, stmt in enumerate(body) if _is_check(stmt, helpers)), max(len(body) - 1, 0))
    arrange = [_segment(lines, s) for s in body[:split]]
    checks = [_segment(lines, s) for s in body[split:]]
    indent = "    " * len(setup_decorators)
    if setup_decorators:
        loop = "\n".join("    " * i + line for i, line in enumerate(setup_decorators))
        arrange = [loop] + [textwrap.indent(a, indent) for a in arrange]
        checks = [textwrap.indent(c, indent) for c in checks]
    # A fixture's value is what its function returns, computed once before any parameter loop.
    arrange = [f"{p} = {p}()" for p in fixtures] + arrange
    input_parts = [*setup, *([""] if setup and arrange else []), *arrange]
    return "\n".join(input_parts).strip("\n"), "\n".join(checks).strip("\n")


def visible_tests(source: str) -> list[VisibleTest]:
    """Every test function (and Test* class method) of a visible test file, in file order."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    lines = source.splitlines()
    found = _tests_in(tree.body)
    titles = unique_titles([_title(name.rsplit(".", 1)[-1]) for name, _, _ in found])
    out: list[VisibleTest] = []
    for (name, node, owner), title in zip(found, titles):
        doc = ast.get_docstring(node) or ""
        input_code, expected_code = _card(tree, lines, node, owner)
        out.append(VisibleTest(
            name=name, title=title, doc=doc, input_code=input_code, expected_code=expected_code,
            input_html=code_block(input_code, "python", label=f"{title}: input") if input_code else "",
            expected_html=code_block(expected_code, "python", label=f"{title}: expected") if expected_code else "",
        ))
    return out
