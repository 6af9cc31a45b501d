"""The package's import graph reads as the design: no cycles, no edge running back up a layer,
and nothing in the sandbox can load what the learner must not see."""
from __future__ import annotations

import ast
from pathlib import Path

GRADER = Path(__file__).resolve().parents[1] / "grader"

# Layers, lowest first. An import may only point to a lower layer, or within its own package.
LAYERS: dict[str, int] = {
    "errors": 0, "fileio": 0, "compare": 0, "protocol": 0, "wire": 0, "catalog": 0, "text": 0,
    "calls": 1, "learner_text": 1, "promises": 1,
    "sandbox": 2, "trusted": 2,
    "grading": 3, "submission": 3, "visible": 3, "results": 3, "console": 3, "progress": 3, "devcheck": 3,
    "workspace": 3, "feedback": 3,
    "classroom": 4, "notebooks": 4, "site": 4, "watch": 4, "tryout": 4,
    "serve": 5,
    "cli": 6, "commands": 6, "__main__": 6, "__init__": 6,
}
SANDBOX_MUST_NOT_IMPORT = ("grader.trusted", "grader.compare", "grader.grading", "grader.classroom",
                           "grader.notebooks", "grader.site", "grader.devcheck", "solutions")


def module_name(path: Path) -> str:
    parts = path.relative_to(GRADER.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every grader module (or solutions) imported anywhere in the file, function bodies included."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # `from grader.sandbox import child` imports the module grader.sandbox.child
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return {m for m in found if m.split(".")[0] in ("grader", "solutions")}


def graph() -> dict[str, set[str]]:
    files = {module_name(p): p for p in GRADER.rglob("*.py")}
    edges: dict[str, set[str]] = {}
    for name, path in files.items():
        edges[name] = {m for m in imports_of(path) if (m in files or m.startswith("solutions")) and m != name}
    return edges


def unit(module: str) -> str:
    """The layer unit: a sub-package, or a top-level module."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_module_has_a_layer():
    missing = sorted({unit(m) for m in graph()} - set(LAYERS))
    assert not missing, f"modules without a layer in tests/test_layout.py: {missing}"


def test_no_import_runs_back_up_a_layer():
    bad = []
    for src, targets in graph().items():
        for dst in targets:
            if dst.startswith("solutions") or dst == "grader":
                continue
            a, b = unit(src), unit(dst)
            same_package = a == b and "." in src[len("grader."):]
            if LAYERS[b] > LAYERS[a] or (LAYERS[b] == LAYERS[a] and a != b and not same_package
                                         and not (len(src.split(".")) == 2 and len(dst.split(".")) == 2)):
                bad.append(f"{src} -> {dst}")
    assert not bad, "imports against the layering:\n" + "\n".join(sorted(bad))


def test_no_import_cycle():
    edges = graph()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt in edges and state.get(nxt) is None:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if state.get(node) is None:
            cycle = visit(node)
            assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_sandbox_never_imports_the_trusted_side_or_solutions():
    bad = [f"{src} -> {dst}" for src, targets in graph().items() if src.startswith("grader.sandbox")
           for dst in targets if dst.startswith(SANDBOX_MUST_NOT_IMPORT)]
    assert not bad, "the sandbox reaches the trusted side:\n" + "\n".join(bad)


def test_the_checks_see_function_level_imports(tmp_path):
    """The graph includes imports inside functions, where lazy imports hide (a check that could not fail
    would prove nothing)."""
    src = tmp_path / "m.py"
    src.write_text("def f():\n    from grader.sandbox import child\n    import grader.trusted\n")
    assert imports_of(src) == {"grader.sandbox", "grader.sandbox.child", "grader.trusted"}
