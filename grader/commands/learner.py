"""Learner commands: list, check, grade, hint, reset, demo."""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.table import Table

from grader.catalog import Catalog, Exercise, load_catalog, project_root
from grader.errors import UsageError
from grader.progress import Progress

if TYPE_CHECKING:
    from grader.sandbox.parent import Sandbox

# Grading imports torch (seconds): those modules are imported inside the commands that grade,
# so `dojo list`, `dojo hint` and `--help` stay instant.


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("list", help="show the catalog and your progress")
    p.add_argument("--track", help="only this track")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("check", help="run the visible examples of an exercise")
    p.add_argument("slug")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("grade", help="grade exercises with the hidden tests")
    p.add_argument("slugs", nargs="*", metavar="SLUG")
    p.add_argument("--all", action="store_true", help="grade every exercise")
    p.add_argument("--submission", type=Path, metavar="PATH", help="a .py file, an .ipynb, or a folder mirroring exercises/")
    p.add_argument("--results-json", type=Path, metavar="FILE", help="write Gradescope-format results here")
    p.add_argument("--verbose", "-v", action="store_true", help="show every failing case")
    p.add_argument("--no-isolation", action="store_true", help="skip namespaces (limits still apply)")
    p.set_defaults(func=cmd_grade)

    p = sub.add_parser("hint", help="show the next hint of an exercise")
    p.add_argument("slug")
    p.add_argument("n", nargs="?", type=int, help="which hint (default: all up to the next unseen one)")
    p.set_defaults(func=cmd_hint)

    p = sub.add_parser("reset", help="restore an exercise's starter (your file is kept as a backup)")
    p.add_argument("slug")
    p.set_defaults(func=cmd_reset)

    p = sub.add_parser("demo", help="list the catalog and grade the bundled sample submission")
    p.set_defaults(func=cmd_demo)


def cmd_list(args: argparse.Namespace) -> int:
    from grader.console import DIFFICULTY_STYLE, console
    catalog = load_catalog()
    progress = Progress(catalog.root)
    solved = 0
    total = 0
    for track in catalog.tracks:
        if args.track and track.slug != args.track:
            continue
        table = Table(title=f"{track.number}. {track.title}", title_justify="left", show_header=False, box=None, pad_edge=False)
        for ex in track.exercises:
            status = progress.status(ex.slug)
            mark = {"solved": "[green]✔[/]", "attempted": "[yellow]◐[/]", "new": "[dim]·[/]"}[status]
            solved += status == "solved"
            total += 1
            style = DIFFICULTY_STYLE[ex.difficulty]
            table.add_row(mark, f"{ex.number:>2}.", ex.slug, f"[{style}]{ex.difficulty.capitalize()}[/]", escape(ex.title))
        if not track.exercises:
            table.add_row("", "", "[dim](coming soon)[/]", "", "")
        console.print(table)
        console.print()
    console.print(f"Progress: {solved}/{total} solved")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from grader.console import console
    from grader.sandbox.parent import open_sandbox
    from grader.visible import run_visible
    catalog = load_catalog()
    ex = catalog.get(args.slug)
    code = ex.starter_path.read_bytes()
    with open_sandbox() as sandbox:
        result = run_visible(sandbox, ex, code)
    console.print(f"[bold]{ex.number}. {escape(ex.title)}[/]: visible examples ({ex.test_path.name})")
    for test in result.tests:
        ok = test["outcome"] == "passed"
        console.print(f"  {'[green]✔[/]' if ok else '[red]✘[/]'} {escape(test['name'])}")
        if not ok and test["message"]:
            for line in test["message"].strip().splitlines()[:8]:
                console.print(f"      {escape(line)}")
    if result.problem:
        console.print(f"  [red]{escape(result.problem)}[/]")
    console.print(f"{result.passed} passed, {result.failed} failed")
    if result.all_passed:
        console.print(f"Next: [bold]dojo grade {ex.slug}[/] runs the hidden tests.")
    return 0 if result.all_passed else 1


def _selected(catalog: Catalog, args: argparse.Namespace) -> list[Exercise]:
    if args.all:
        return list(catalog.exercises)
    if not args.slugs:
        raise UsageError("name one or more exercises, or pass --all")
    return catalog.select(args.slugs)


def cmd_grade(args: argparse.Namespace) -> int:
    from grader.sandbox.parent import open_sandbox

    sandbox = open_sandbox(isolate=not args.no_isolation)  # starts importing torch in the zygote right away
    try:
        return _grade(args, sandbox)
    finally:
        sandbox.close()


def _grade(args: argparse.Namespace, sandbox: "Sandbox") -> int:
    from grader.console import console, print_result
    from grader.grading import grade_or_error
    from grader.fileio import write_json_atomic
    from grader.results import to_gradescope
    from grader.submission import resolve
    catalog = load_catalog()
    exercises = _selected(catalog, args)
    sources = resolve(catalog, exercises, args.submission)
    started = time.perf_counter()
    results = []
    isolation = sandbox.describe_isolation()
    for source in sources:
        result = grade_or_error(sandbox, source)  # one exercise failing still leaves a result for each
        print_result(result, verbose=args.verbose)
        results.append(result)
    elapsed = time.perf_counter() - started
    score = sum(r.points for r in results)
    max_score = sum(r.max_points for r in results)
    console.print(f"\nScore: {score:.2f}/{max_score:g} in {elapsed:.1f} s   [dim]isolation: {isolation}[/]")
    if args.results_json:
        write_json_atomic(args.results_json, to_gradescope(results, elapsed, isolation))
        console.print(f"Wrote {args.results_json}")
    if args.submission is None:
        progress = Progress(catalog.root)
        for r in results:
            if r.error is None or r.cases:
                progress.record(r.slug, r.points, r.max_points, r.passed)
        progress.save()
    return 0 if all(r.passed for r in results) else 1


HINT_RE = re.compile(r"^## Hint (\d+)\s*$", re.M)


def parse_hints(text: str) -> list[str]:
    parts = HINT_RE.split(text)
    return [parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)]


def cmd_hint(args: argparse.Namespace) -> int:
    from grader.console import console
    catalog = load_catalog()
    ex = catalog.get(args.slug)
    hints = parse_hints(ex.hints_path.read_text(encoding="utf-8")) if ex.hints_path.is_file() else []
    if not hints:
        raise UsageError(f"{ex.slug} has no hints")
    progress = Progress(catalog.root)
    entry = progress.data.setdefault(ex.slug, {})
    seen = int(entry.get("hints_seen", 0))
    n = args.n if args.n is not None else min(seen + 1, len(hints))
    if not 1 <= n <= len(hints):
        raise UsageError(f"{ex.slug} has {len(hints)} hints; ask for 1 to {len(hints)}")
    console.print(f"[bold]Hint {n}/{len(hints)}[/] for {ex.slug}:\n")
    console.print(escape(hints[n - 1]))
    entry["hints_seen"] = max(seen, n)
    progress.save()
    if n < len(hints):
        console.print(f"\n[dim]`dojo hint {ex.slug}` again for hint {n + 1}.[/]")
    return 0


def _pristine_starter(ex: Exercise) -> bytes:
    rel = ex.starter_path.relative_to(ex.root).as_posix()
    try:
        out = subprocess.run(["git", "-C", str(ex.root), "show", f"HEAD:{rel}"], capture_output=True, check=True)
        return out.stdout
    except (OSError, subprocess.CalledProcessError):
        raise UsageError(f"cannot find the original starter of {ex.slug} (reset needs the project's git history)") from None


def cmd_reset(args: argparse.Namespace) -> int:
    from grader.console import console
    catalog = load_catalog()
    ex = catalog.get(args.slug)
    original = _pristine_starter(ex)
    current = ex.starter_path.read_bytes() if ex.starter_path.exists() else b""
    if current == original:
        console.print(f"{ex.starter_path.relative_to(catalog.root)} is already the original starter.")
        return 0
    backup = ex.starter_path.with_name(f"{ex.module}.{time.strftime('%Y%m%d-%H%M%S')}.dojo-backup")
    if current:
        shutil.copy2(ex.starter_path, backup)
    ex.starter_path.write_bytes(original)
    console.print(f"Restored the starter of {ex.slug}; your version is kept in {backup.relative_to(catalog.root)}.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from grader.console import console
    demo = project_root() / "examples" / "demo-submission"
    console.rule("The catalog")
    cmd_list(argparse.Namespace(track=None))
    console.rule(f"Grading the sample submission in {demo.relative_to(project_root())}/")
    catalog = load_catalog()
    known = {ex.slug: ex.number for ex in catalog.exercises}
    slugs = sorted({p.parent.name for p in demo.glob("*/*/*.py")} & set(known), key=known.__getitem__)
    ns = argparse.Namespace(slugs=slugs, all=False, submission=demo, results_json=project_root() / ".dojo" / "demo-results.json",
                            verbose=False, no_isolation=False)
    cmd_grade(ns)
    console.print("\nThe sample gets some exercises wrong on purpose: the feedback above shows what a learner sees.")
    console.print("Try one yourself: [bold]dojo check stable-softmax[/], edit the file it names, then [bold]dojo grade stable-softmax[/].")
    return 0
