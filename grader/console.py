"""Shared terminal output: one rich console, and the verdict lines every command prints."""
from __future__ import annotations

import os
import sys

from rich.console import Console
from rich.markup import escape as _markup_escape

from typing import TYPE_CHECKING

from grader.feedback import Places, pytest_sections, summarize, tidy, warning_lines
from grader.text import printable

if TYPE_CHECKING:
    from grader.grading import ExerciseResult
    from grader.visible import VisibleResult

# Piped into a file or another program, lines are never hard-wrapped at 80 columns.
_PIPED = not sys.stdout.isatty()
console = Console(highlight=False, soft_wrap=_PIPED, width=240 if _PIPED and "COLUMNS" not in os.environ else None)

DIFFICULTY_STYLE = {"easy": "green", "medium": "yellow", "hard": "red"}


def escape(text: str) -> str:
    """Text for console.print: rich markup escaped, and no control character (an ESC sequence in a
    learner's output or a student's file name must not drive the terminal; rich keeps ESC)."""
    return _markup_escape(printable(text))


def _lines(text: str, indent: str) -> str:
    """Multi-line text under a heading: every line after the first indented like the first."""
    return ("\n" + indent).join(escape(line) for line in text.strip("\n").splitlines())


def print_result(result: "ExerciseResult", verbose: bool = False, places: Places | None = None) -> None:
    """Verdict, points, the first failing case (every case by name with `verbose`), what the code printed.

    `places` points messages at the learner's own files instead of the sandbox's copies."""
    say = places.localize if places else tidy
    mark = "[green]✔[/]" if result.passed else ("[yellow]◐[/]" if result.points > 0 else "[red]✘[/]")
    n_pass = sum(c.passed for c in result.cases)
    detail = f"{n_pass}/{len(result.cases)} hidden cases" if result.cases else ""
    console.print(f"{mark} {result.slug:<30} {result.points:6.2f}/{result.max_points:<6g} {result.status:<8} {detail}")
    if result.error:
        console.print(f"    [red]{_lines(say(result.error), '    ')}[/]")
        for line in places.excerpt(result.error) if places else []:
            console.print(f"    {escape(line)}")
    # After an import error no case ran: its note already says so, and "13 more failing" would not.
    ran = [c for c in result.cases if not (result.error and c.message.startswith("not run"))]
    failing = [c for c in ran if not c.passed]
    if verbose:
        for case in ran:
            if case.passed:
                console.print(f"    [green]✔[/] {escape(case.name)}")
            else:
                console.print(f"    [red]✘[/] [bold]{escape(case.name)}[/]: {_lines(say(case.message), '        ')}")
    elif failing:
        console.print(f"    case [bold]{escape(failing[0].name)}[/]: {_lines(say(failing[0].message), '      ')}")
        if len(failing) > 1:
            console.print(f"    ... and {len(failing) - 1} more failing case(s) (-v lists every case)")
    if (result.stdout.strip() or result.stderr.strip()) and (not result.passed or verbose):
        text = say((result.stdout + result.stderr).strip())
        lines = text.splitlines()
        shown = "\n".join("      " + ln for ln in lines[:12])
        console.print("    [dim]your code printed:[/]")
        console.print(f"[dim]{escape(shown)}[/]")
        if len(lines) > 12:
            console.print(f"      [dim]... {len(lines) - 12} more lines[/]")


def print_visible(result: "VisibleResult", heading: str, module_file: str, places: Places | None = None) -> None:
    """The visible examples, one line each; a failure shows where in the learner's file it broke
    and the error (pytest's own report, pointed at the learner's paths)."""
    say = places.localize if places else tidy
    sections, warnings = pytest_sections(result.stdout)
    console.print(heading)
    for test in result.tests:
        name = str(test["name"])
        ok = test["outcome"] == "passed"
        label = f"importing {name.removeprefix('collecting ')} failed" if name.startswith("collecting ") else name
        console.print(f"  {'[green]✔[/]' if ok else '[red]✘[/]'} {escape(label)}")
        if ok:
            continue
        report = summarize(sections[name], module_file) if name in sections else None
        if report is not None and report.error:
            if report.location and not name.startswith("collecting "):
                console.print(f"      {escape(say(report.location))}")
            for line in report.error:
                console.print(f"      {escape(say(line))}")
        elif test.get("message"):
            for line in str(test["message"]).strip().splitlines()[-8:]:
                console.print(f"      {escape(say(line))}")
    shown_warnings = warning_lines(warnings)
    if shown_warnings:
        console.print("  [yellow]warnings:[/]")
        for line in shown_warnings[:12]:
            console.print(f"      {escape(say(line))}")
    if result.problem:
        console.print(f"  [red]{escape(result.problem)}[/]")
    console.print(f"{result.passed} passed, {result.failed} failed")
