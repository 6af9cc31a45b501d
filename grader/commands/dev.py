"""Author commands: `dojo dev check`."""
from __future__ import annotations

import argparse
import time

from grader.catalog import load_catalog


def register(sub: argparse._SubParsersAction) -> None:
    dev = sub.add_parser("dev", help="commands for exercise authors")
    dev_sub = dev.add_subparsers(dest="dev_command", metavar="COMMAND")
    p = dev_sub.add_parser("check", help="prove the catalog: metadata, reference, starter, mutants")
    p.add_argument("slugs", nargs="*", metavar="SLUG", help="only these exercises or tracks (default: all)")
    p.set_defaults(func=cmd_dev_check)
    dev.set_defaults(func=lambda args: (dev.print_help(), 2)[1])


def cmd_dev_check(args: argparse.Namespace) -> int:
    from rich.markup import escape

    from grader.console import console
    from grader.devcheck import check_exercise
    from grader.sandbox.parent import open_sandbox

    catalog = load_catalog(strict=True)
    exercises = catalog.select(args.slugs) if args.slugs else list(catalog.exercises)
    started = time.perf_counter()
    failed = 0
    with open_sandbox() as sandbox:
        for ex in exercises:
            report = check_exercise(sandbox, ex)
            mark = "[green]✔[/]" if report.ok else "[red]✘[/]"
            n_cases = ""
            console.print(f"{mark} {ex.number:>2}. {ex.slug}{n_cases}")
            for problem in report.problems:
                console.print(f"     [red]{escape(problem)}[/]")
            for warning in report.warnings:
                console.print(f"     [yellow]warning: {escape(warning)}[/]")
            for m in report.mutants:
                caught = "caught" if not m.hidden.passed else "[red]NOT caught[/]"
                fail = m.hidden.first_failure
                by = f" by {fail.name}" if fail else ""
                vis = " [yellow](passes the visible examples)[/]" if m.passes_visible else ""
                console.print(f"     mutant {m.name}: {caught}{by}{vis}  [dim]{escape(m.mistake)}[/]")
            failed += not report.ok
    console.print(f"\n{len(exercises) - failed} of {len(exercises)} exercises OK in {time.perf_counter() - started:.1f} s")
    return 0 if failed == 0 else 1
