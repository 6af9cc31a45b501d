"""`dojo init [DIR]`: a workspace of the learner's own, or an existing one brought up to date."""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from grader.catalog import load_catalog
from grader.console import escape
from grader.feedback import display_path
from grader.workspace import DEFAULT_NAME, ENV, default_dir, find_workspace, init_workspace


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="copy the exercises into a workspace of your own (again: add new ones)")
    p.add_argument("dir", nargs="?", type=Path, metavar="DIR",
                   help=f"where (default: ${ENV}, else the workspace you are in, else ~/{DEFAULT_NAME})")
    p.set_defaults(func=cmd_init)


def cmd_init(args: argparse.Namespace) -> int:
    from grader.console import console

    catalog = load_catalog()
    if args.dir is not None:
        target = args.dir
    else:
        current = None if os.environ.get(ENV) else find_workspace()
        target = current.root if current else default_dir()
    ws, report = init_workspace(catalog, target)
    shown = escape(display_path(ws.root))
    n = len(catalog.exercises)
    if report.created:
        console.print(f"Made your workspace in [bold]{shown}[/]: {n} exercises, each in <track>/<slug>/ with its "
                      "statement (README.md), the starter you edit, and its visible examples.")
        if report.gitignored:
            console.print("[dim]It is inside the project's checkout: its .gitignore keeps git away from your work.[/]")
    else:
        added = f"{len(report.added_exercises)} new exercise(s): {', '.join(report.added_exercises)}" \
            if report.added_exercises else "no new exercises"
        console.print(f"Workspace {shown} is up to date with the catalog ({added}).")
    if report.added_files:
        console.print(f"Added {len(report.added_files)} missing file(s): {escape(', '.join(report.added_files[:6]))}"
                      f"{' ...' if len(report.added_files) > 6 else ''}")
    if report.updated:
        console.print(f"Updated {len(report.updated)} file(s) you had not edited: {escape(', '.join(report.updated[:6]))}"
                      f"{' ...' if len(report.updated) > 6 else ''}")
    if report.kept:
        console.print(f"[yellow]Kept your edits[/] of {len(report.kept)} file(s) the catalog has changed since "
                      f"(compare with the project's exercises/): {escape(', '.join(report.kept[:6]))}")
    if report.created:
        first = catalog.exercises[0]
        env = os.environ.get(ENV)
        found_by_default = ws.root == (Path.home() / DEFAULT_NAME).absolute() or (env and Path(env).expanduser().absolute() == ws.root)
        if not found_by_default:
            console.print(f"dojo finds this workspace when you run it inside {shown}; from anywhere else, "
                          f"set [bold]{ENV}={shown}[/].")
        console.print(f"Start with [bold]cd {escape(display_path(ws.exercise_dir(first)))}[/] and [bold]dojo check[/] "
                      f"(or [bold]dojo check {first.slug}[/] from anywhere), or [bold]dojo watch[/] to re-check on every save.")
    return 0
