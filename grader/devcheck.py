"""`dojo dev check`: prove the catalog. For every exercise: metadata valid, hints present, the
reference passes the visible and hidden tests and modifies no argument its calls do not declare
(`mutates=`), the untouched starter fails both, every mutant fails the hidden tests (and we note
which mutants the visible examples alone would let through). Warnings, not failures: statement
sentences that promise something no hidden case seems to hold (grader.promises), and hidden cases
that hand the learner a numpy scalar (learners receive exactly the types sent).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from grader import trusted
from grader.catalog import Catalog, Exercise
from grader.errors import CatalogError
from grader.grading import ExerciseResult, grade, modified_argument
from grader.promises import declared_promises, unheld_promises
from grader.protocol import Case
from grader.sandbox.parent import Sandbox
from grader.submission import Source
from grader.visible import run_visible

MUTANT_DOC = re.compile(r'^\s*"""(.+?)"""', re.S)


@dataclass
class MutantReport:
    name: str
    mistake: str
    passes_visible: bool
    hidden: ExerciseResult


@dataclass
class ExerciseReport:
    exercise: Exercise
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    mutants: list[MutantReport] = field(default_factory=list)
    reference_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


def _hints_ok(ex: Exercise) -> str | None:
    if not ex.hints_path.is_file():
        return "hints.md is missing"
    text = ex.hints_path.read_text(encoding="utf-8")
    found = re.findall(r"^## Hint (\d+)\s*$", text, re.M)
    if len(found) < 2:
        return "hints.md needs at least two '## Hint N' sections"
    if found != [str(i + 1) for i in range(len(found))]:
        return f"hints.md numbers its hints {found}; expected 1, 2, ..."
    return None


def mutant_mistake(path: Path) -> str | None:
    match = MUTANT_DOC.match(path.read_text(encoding="utf-8"))
    return match.group(1).strip() if match else None


def reference_mutations(ex: Exercise, cases: list[Case]) -> list[str]:
    """The reference's calls that modify an argument the call does not declare in `mutates=`,
    judged exactly as a learner's calls are (a catalog error: learners are held to it too)."""
    module = trusted.load_reference(ex)
    found = []
    for case in cases:
        if not case.reference:
            continue
        for call, answer in zip(case.calls, trusted.reference_outcomes(module, case)):
            if (why := modified_argument(ex, call, answer)) is not None:
                found.append(f"{case.name}: {why}")
                break
    if not found:
        return []
    more = f" (and {len(found) - 3} more cases)" if len(found) > 3 else ""
    return [f"the reference modifies an argument its call does not declare in mutates= ({'; '.join(found[:3])}{more})"]


def _numpy_scalars(value: object, where: str) -> list[str]:
    if isinstance(value, np.generic):
        return [f"{where} is numpy.{type(value).__name__}"]
    if type(value) in (list, tuple):
        return [w for i, v in enumerate(value) for w in _numpy_scalars(v, f"{where}[{i}]")]
    if type(value) is dict:
        return [w for k, v in value.items() for w in _numpy_scalars(v, f"{where}[{k!r}]")]
    return []


def numpy_scalar_arguments(cases: list[Case]) -> list[str]:
    """Cases that pass a numpy scalar where a statement most likely says `int` or `float`: the
    learner receives exactly that type (np.int64 is not an int to `isinstance`)."""
    found = []
    for case in cases:
        for call in case.calls:
            spots = [w for i, a in enumerate(call.args) for w in _numpy_scalars(a, f"argument {i}")]
            spots += [w for k, v in call.kwargs.items() for w in _numpy_scalars(v, k)]
            if spots:
                found.append(f"case {case.name} passes {call.entry}() a numpy scalar ({spots[0]}): "
                             "learners receive exactly that type; send int(...) / float(...) if the statement says int or float")
                break
    return found


def lint_statement(ex: Exercise, cases: list[Case]) -> list[str]:
    """Promise sentences of the statement that no hidden case name or declared promise mentions."""
    statement = (ex.dir / "README.md").read_text(encoding="utf-8") if (ex.dir / "README.md").is_file() else ""
    doc = ex.root / "docs" / "promises" / f"{ex.track}.md"
    return [str(u) for u in unheld_promises(statement, [c.name for c in cases], declared_promises(doc, ex.slug))]


def check_exercise(sandbox: Sandbox, ex: Exercise) -> ExerciseReport:
    report = ExerciseReport(ex)
    problems = report.problems
    if (why := _hints_ok(ex)) is not None:
        problems.append(why)
    if not ex.reference_path.is_file():
        problems.append(f"reference {ex.reference_path} is missing")
        return report
    try:
        cases = trusted.hidden_cases(ex)
    except CatalogError as exc:
        problems.append(str(exc))
        return report
    report.warnings += lint_statement(ex, cases) + numpy_scalar_arguments(cases)
    problems += reference_mutations(ex, cases)

    ref_code = ex.reference_path.read_bytes()
    visible = run_visible(sandbox, ex, ref_code)
    if not visible.all_passed:
        bad = next((t for t in visible.tests if t["outcome"] != "passed"), None)
        detail = visible.problem or (f"{bad['name']}: {bad['message'][:200]}" if bad else "no tests ran")
        problems.append(f"the reference fails the visible tests ({detail})")
    if visible.passed + visible.failed < 2:
        problems.append(f"only {visible.passed + visible.failed} visible test(s); at least two examples are needed")
    hidden = grade(sandbox, Source(ex, ref_code, "reference"))
    report.reference_seconds = hidden.reference_seconds
    if not hidden.passed:
        fail = hidden.first_failure
        problems.append(f"the reference fails the hidden tests ({hidden.error or (fail.name + ': ' + fail.message if fail else '')})")
    if len(hidden.cases) < 6:
        problems.append(f"only {len(hidden.cases)} hidden cases; at least six are needed")

    starter_code = ex.starter_path.read_bytes()
    if run_visible(sandbox, ex, starter_code).all_passed:
        problems.append("the untouched starter passes the visible tests")
    if grade(sandbox, Source(ex, starter_code, "starter")).passed:
        problems.append("the untouched starter passes the hidden tests")

    if len(ex.mutant_paths) < 2:
        problems.append(f"{len(ex.mutant_paths)} mutant(s) in {ex.solution_dir / 'mutants'}; at least two are needed")
    for path in ex.mutant_paths:
        mistake = mutant_mistake(path)
        if not mistake:
            problems.append(f"mutant {path.name} has no one-line docstring naming its mistake")
        code = path.read_bytes()
        result = grade(sandbox, Source(ex, code, path.name))
        passes_visible = run_visible(sandbox, ex, code).all_passed
        report.mutants.append(MutantReport(path.stem, mistake or "", passes_visible, result))
        if result.passed:
            problems.append(f"mutant {path.name} ({mistake}) passes the hidden tests")
    return report


def check_catalog(sandbox: Sandbox, catalog: Catalog, slugs: list[str] | None = None) -> list[ExerciseReport]:
    exercises = [catalog.get(s) for s in slugs] if slugs else list(catalog.exercises)
    return [check_exercise(sandbox, ex) for ex in exercises]
