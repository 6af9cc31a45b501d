"""Shared terminal output: one rich console, and the verdict lines every command prints."""
from __future__ import annotations

from rich.console import Console
from rich.markup import escape as _markup_escape

from typing import TYPE_CHECKING

from grader.text import printable

if TYPE_CHECKING:
    from grader.grading import ExerciseResult

console = Console(highlight=False)

DIFFICULTY_STYLE = {"easy": "green", "medium": "yellow", "hard": "red"}


def escape(text: str) -> str:
    """Text for console.print: rich markup escaped, and no control character (an ESC sequence in a
    learner's output or a student's file name must not drive the terminal; rich keeps ESC)."""
    return _markup_escape(printable(text))


def print_result(result: "ExerciseResult", verbose: bool = False) -> None:
    mark = "[green]✔[/]" if result.passed else ("[yellow]◐[/]" if result.points > 0 else "[red]✘[/]")
    n_pass = sum(c.passed for c in result.cases)
    detail = f"{n_pass}/{len(result.cases)} hidden cases" if result.cases else ""
    console.print(f"{mark} {result.slug:<30} {result.points:6.2f}/{result.max_points:<6g} {result.status:<8} {detail}")
    if result.error:
        console.print(f"    [red]{escape(result.error)}[/]")
    failures = [c for c in result.cases if not c.passed]
    for case in failures[: (len(failures) if verbose else 1)]:
        if result.error and case.message.startswith("not run"):
            break
        console.print(f"    case [bold]{escape(case.name)}[/]: {escape(case.message)}")
    if failures and not verbose and len(failures) > 1:
        console.print(f"    ... and {len(failures) - 1} more failing case(s) (--verbose shows all)")
    if (result.stdout.strip() or result.stderr.strip()) and (not result.passed or verbose):
        text = (result.stdout + result.stderr).strip()
        lines = text.splitlines()
        shown = "\n".join("      " + ln for ln in lines[:12])
        console.print("    [dim]your code printed:[/]")
        console.print(f"[dim]{escape(shown)}[/]")
        if len(lines) > 12:
            console.print(f"      [dim]... {len(lines) - 12} more lines[/]")
