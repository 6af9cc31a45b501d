"""Learner commands: list, check, grade, hint, reset, history, solution, demo (and, registered
from their own modules, init, watch and try).

Every command that reads or writes a learner's work does it in their workspace (grader.workspace);
the catalog's exercises/ folder is only ever read.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table

from grader.catalog import Catalog, Exercise, load_catalog, project_root, solutions_open
from grader.commands import pick
from grader.console import escape
from grader.errors import UsageError
from grader.feedback import Places, display_path
from grader.progress import Progress, grade_of, next_exercise, updating
from grader.workspace import Workspace, find_workspace, how_to_make, require_workspace, write_file

if TYPE_CHECKING:
    from grader.grading import ExerciseResult
    from grader.sandbox.parent import Sandbox
    from grader.submission import Source

# Grading imports torch (seconds): those modules are imported inside the commands that grade,
# so `dojo list`, `dojo hint` and `--help` stay instant.

MARKS = {"passed": "[green]✔[/]", "attempted": "[yellow]◐[/]", "not started": "[dim]·[/]"}
LEGEND = "✔ passed (latest grade)   ◐ attempted (edited or graded, not passing yet)   · not started"


def register(sub: argparse._SubParsersAction) -> None:
    from grader.commands import tryout, watch, workspace

    workspace.register(sub)

    p = sub.add_parser("list", help="show the catalog and your progress")
    p.add_argument("--track", help="only this track")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("check", help="run the visible examples of an exercise on your code")
    p.add_argument("slug", nargs="?", metavar="SLUG", help="slug, module name or number (default: the exercise folder you are in)")
    p.set_defaults(func=cmd_check)

    watch.register(sub)

    p = sub.add_parser("grade", help="grade exercises with the hidden tests")
    p.add_argument("slugs", nargs="*", metavar="SLUG", help="exercises or tracks (default: the exercise folder you are in)")
    p.add_argument("--all", action="store_true", help="every exercise you have started")
    p.add_argument("--include-untouched", action="store_true", help="with --all, also the starters you have not edited")
    p.add_argument("--submission", type=Path, metavar="PATH", help="a .py file, an .ipynb (its metadata names the exercise) or a folder mirroring exercises/")
    p.add_argument("--results-json", type=Path, metavar="FILE", help="write Gradescope-format results here")
    p.add_argument("--verbose", "-v", action="store_true", help="list every hidden case by name, passed or failed")
    p.add_argument("--no-isolation", action="store_true", help="skip namespaces (limits still apply)")
    p.set_defaults(func=cmd_grade)

    tryout.register(sub)

    p = sub.add_parser("hint", help="show the next hint of an exercise")
    p.add_argument("slug", nargs="?", metavar="SLUG")
    p.add_argument("n", nargs="?", type=int, help="which hint (default: the next unseen one)")
    p.set_defaults(func=cmd_hint)

    p = sub.add_parser("reset", help="put back an exercise's starter (your file is kept as a backup)")
    p.add_argument("slug", nargs="?", metavar="SLUG")
    p.add_argument("--restore", action="store_true", help="bring back your latest backup instead")
    p.set_defaults(func=cmd_reset)

    p = sub.add_parser("history", help="your past grades of an exercise (or of all of them)")
    p.add_argument("slug", nargs="?", metavar="SLUG")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("solution", help="the reference solution, once your code has passed")
    p.add_argument("slug", nargs="?", metavar="SLUG")
    p.set_defaults(func=cmd_solution)

    p = sub.add_parser("demo", help="list the catalog and grade the bundled sample submission")
    p.set_defaults(func=cmd_demo)


# ---------------------------------------------------------------- list


def cmd_list(args: argparse.Namespace) -> int:
    from grader.console import DIFFICULTY_STYLE, console

    catalog = load_catalog()
    ws = find_workspace()
    progress = Progress(ws.state_dir) if ws else None
    manifest = ws.manifest() if ws else None
    counts = {"passed": 0, "attempted": 0, "not started": 0}
    shown_tracks = [t for t in catalog.tracks if not args.track or t.slug == args.track]
    if args.track and not shown_tracks:
        raise UsageError(f"no track named {args.track!r} (tracks: {', '.join(t.slug for t in catalog.tracks)})")
    for track in shown_tracks:
        table = Table(title=f"{track.number}. {track.title}", title_justify="left", show_header=False, box=None, pad_edge=False)
        for ex in track.exercises:
            status = "not started"
            score = ""
            if ws and progress:
                status = progress.status(ex.slug, edited=not ws.is_untouched(ex, manifest))
                latest = progress.latest(ex.slug)
                score = f"[dim]{latest.points:g}/{latest.max_points:g}[/]" if latest else ""
            counts[status] += 1
            style = DIFFICULTY_STYLE[ex.difficulty]
            table.add_row(MARKS[status], f"{ex.number:>2}.", ex.slug, f"[{style}]{ex.difficulty.capitalize()}[/]",
                          escape(ex.title), score)
        if not track.exercises:
            table.add_row("", "", "[dim](coming soon)[/]", "", "", "")
        console.print(table)
        console.print()
    total = sum(counts.values())
    if ws is None:
        console.print(f"Progress: none recorded ({escape(how_to_make())})")
        return 0
    console.print(f"Progress: {counts['passed']}/{total} passed, {counts['attempted']} attempted   "
                  f"[dim]workspace: {escape(display_path(ws.root))}[/]")
    console.print(f"[dim]{LEGEND}[/]")
    missing = [ex.slug for ex in catalog.exercises if not ws.exercise_dir(ex).is_dir()]
    if missing:
        console.print(f"{len(missing)} exercise(s) are not in your workspace yet ({', '.join(missing[:3])}"
                      f"{', ...' if len(missing) > 3 else ''}): `dojo init` adds them without touching your files.")
    return 0


# ---------------------------------------------------------------- check


def cmd_check(args: argparse.Namespace) -> int:
    from grader.console import console, print_visible
    from grader.sandbox.parent import open_sandbox
    from grader.visible import run_visible

    ws = require_workspace()
    sandbox = open_sandbox()  # its zygote imports numpy while the catalog loads
    try:
        catalog = load_catalog()
        ex = pick.exercise(catalog, args.slug)
        code = pick.learner_code(ws, ex)
        result = run_visible(sandbox, ex, code, ws.visible_files(ex))
        test_file = display_path(ws.exercise_dir(ex) / ex.test_path.name)
        print_visible(result, f"[bold]{ex.number}. {escape(ex.title)}[/]: visible examples ({escape(test_file)})",
                      ex.starter_path.name, pick.places(ws, ex, code))
        if result.all_passed:
            console.print(f"Next: [bold]dojo grade {ex.slug}[/] runs the hidden tests.")
        else:
            console.print(f"[dim]Edit {escape(display_path(ws.learner_file(ex)))}; "
                          f"`dojo watch {ex.slug}` re-runs this on every save.[/]")
    finally:
        sandbox.close()  # after the report: the learner reads it while the zygote shuts down
    return 0 if result.all_passed else 1


# ---------------------------------------------------------------- grade


def _selected(catalog: Catalog, args: argparse.Namespace, ws: Workspace | None) -> list[Exercise]:
    from grader.console import console

    submission: Path | None = getattr(args, "submission", None)
    if args.all:
        chosen = list(catalog.exercises)
        if submission is None and ws is not None and not getattr(args, "include_untouched", False):
            manifest = ws.manifest()
            started = [ex for ex in chosen if not ws.is_untouched(ex, manifest)]
            if len(started) < len(chosen):
                console.print(f"[dim]Skipping {len(chosen) - len(started)} exercises whose starter you have not "
                              "edited (--include-untouched grades them too).[/]")
            if not started:
                raise UsageError("you have not edited any starter yet: solve one, then grade it")
            chosen = started
        return chosen
    if args.slugs:
        return pick.exercises(catalog, args.slugs)
    if submission is not None and submission.suffix == ".ipynb" and submission.is_file():
        from grader.submission import notebook_code

        _, slug = notebook_code(submission)
        if slug:
            return [catalog.get(slug)]
        raise UsageError(f"{submission} does not name its exercise in its metadata: `dojo grade SLUG --submission {submission}`")
    if submission is not None and submission.suffix == ".py":
        try:
            return [catalog.get(submission.stem)]
        except UsageError:
            raise UsageError(f"name the exercise {submission.name} is for: `dojo grade SLUG --submission {submission}`") from None
    if submission is None:
        return [pick.exercise(catalog, None)]
    raise UsageError("name one or more exercises, or pass --all")


def _sources(catalog: Catalog, exercises: list[Exercise], args: argparse.Namespace,
             ws: Workspace | None) -> list[tuple["Source", Places]]:
    from grader.submission import Source, find_in_folder, resolve, source_from_path

    submission: Path | None = getattr(args, "submission", None)
    if submission is None:
        if ws is None:
            raise UsageError(how_to_make())
        out = []
        for ex in exercises:
            path = ws.learner_file(ex)
            source = source_from_path(ex, path) if path.is_file() else \
                Source(ex, None, str(path), f"{display_path(path)} is missing: `dojo init` puts back missing starters")
            out.append((source, pick.places(ws, ex, source.code)))
        return out
    sources = resolve(catalog, exercises, submission)
    out = []
    for source in sources:
        ex = source.exercise
        where = find_in_folder(submission, ex) if submission.is_dir() else submission
        places = pick.places_of_submission(ex, where, source.code) if where is not None else Places()
        out.append((source, places))
    return out


def cmd_grade(args: argparse.Namespace) -> int:
    from grader.sandbox.parent import open_sandbox

    ws = find_workspace()
    sandbox = open_sandbox(isolate=not getattr(args, "no_isolation", False))  # its zygote starts importing now
    try:
        return _grade(args, sandbox, ws)
    finally:
        sandbox.close()


def _records(args: argparse.Namespace, ws: Workspace | None) -> bool:
    """Grades of the learner's own work count: their workspace files, or a notebook of theirs."""
    submission: Path | None = getattr(args, "submission", None)
    if ws is None:
        return False
    return submission is None or (submission.suffix == ".ipynb" and submission.is_file())


def _grade(args: argparse.Namespace, sandbox: "Sandbox", ws: Workspace | None) -> int:
    from grader.console import console, print_result
    from grader.fileio import write_json_atomic
    from grader.grading import grade_or_error
    from grader.results import to_gradescope

    catalog = load_catalog()
    exercises = _selected(catalog, args, ws)
    pairs = _sources(catalog, exercises, args, ws)
    started = time.perf_counter()
    results = []
    verbose = getattr(args, "verbose", False)
    for source, places in pairs:
        result = grade_or_error(sandbox, source)  # one exercise failing still leaves a result for each
        print_result(result, verbose=verbose, places=places)
        results.append(result)
    elapsed = time.perf_counter() - started
    isolation = sandbox.describe_isolation()
    score = sum(r.points for r in results)
    max_score = sum(r.max_points for r in results)
    console.print(f"\nScore: {score:.2f}/{max_score:g} in {elapsed:.1f} s   [dim]isolation: {isolation}[/]")
    if not sandbox.protects_references():  # fine for one's own code; grade-batch and Gradescope refuse it
        console.print(f"[dim]note: isolation '{getattr(sandbox, 'mode', 'spawned')}' does not keep the code away "
                      "from the reference solutions: fine for your own code, not for grading others'.[/]")
    if getattr(args, "results_json", None):
        write_json_atomic(args.results_json, to_gradescope(results, elapsed, isolation))
        console.print(f"Wrote {args.results_json}")
    if ws is not None and _records(args, ws):
        notebook = getattr(args, "submission", None) is not None
        with updating(ws.state_dir) as progress:
            manifest = ws.manifest()
            for result, (source, _) in zip(results, pairs):
                if source.code is None or (not notebook and ws.is_untouched(source.exercise, manifest)):
                    continue  # an untouched starter is not an attempt
                progress.record(result.slug, grade_of(result, source))
        _after_grading(catalog, ws, results, verbose)
    return 0 if all(r.passed for r in results) else 1


def _after_grading(catalog: Catalog, ws: Workspace, results: list["ExerciseResult"], verbose: bool) -> None:
    from grader.console import console

    if len(results) != 1:
        return
    result = results[0]
    ex = catalog.get(result.slug)
    if result.passed:
        nxt = next_exercise(catalog, Progress(ws.state_dir), ex)
        if nxt is None:
            console.print("[green]Every exercise passed.[/] `dojo solution SLUG` compares yours with the reference.")
        else:
            console.print(f"[green]Passed.[/] Next: [bold]{nxt.number}. {escape(nxt.title)}[/] "
                          f"({escape(display_path(ws.learner_file(nxt)))}): `dojo check {nxt.slug}`. "
                          f"[dim]`dojo solution {ex.slug}` shows the reference.[/]")
    elif result.cases and not result.error:
        more = "" if verbose else f"`dojo grade {ex.slug} -v` lists every case; "
        console.print(f"[dim]{more}`dojo try {ex.slug} --args '...'` runs your own input beside the reference; "
                      f"`dojo hint {ex.slug}`.[/]")


# ---------------------------------------------------------------- hint


HINT_RE = re.compile(r"^## Hint (\d+)\s*$", re.M)


def parse_hints(text: str) -> list[str]:
    parts = HINT_RE.split(text)
    return [parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)]


def cmd_hint(args: argparse.Namespace) -> int:
    from grader.console import console

    catalog = load_catalog()
    ex = pick.exercise(catalog, args.slug)
    hints = parse_hints(ex.hints_path.read_text(encoding="utf-8")) if ex.hints_path.is_file() else []
    if not hints:
        raise UsageError(f"{ex.slug} has no hints")
    ws = find_workspace()
    seen = Progress(ws.state_dir).hints_seen(ex.slug) if ws else 0
    n = args.n if args.n is not None else min(seen + 1, len(hints))
    if not 1 <= n <= len(hints):
        raise UsageError(f"{ex.slug} has {len(hints)} hints; ask for 1 to {len(hints)}")
    console.print(f"[bold]Hint {n}/{len(hints)}[/] for {ex.slug}:\n")
    console.print(escape(hints[n - 1]))
    if ws:
        with updating(ws.state_dir) as progress:
            progress.saw_hint(ex.slug, n)
    if n < len(hints):
        console.print(f"\n[dim]`dojo hint {ex.slug}` again for hint {n + 1}.[/]")
    return 0


# ---------------------------------------------------------------- reset


def cmd_reset(args: argparse.Namespace) -> int:
    from grader.console import console
    ws = require_workspace()
    catalog = load_catalog()
    ex = pick.exercise(catalog, args.slug)
    path = ws.learner_file(ex)
    shown = display_path(path)
    if args.restore:
        backups = ws.backups(ex)
        if not backups:
            raise UsageError(f"no backup of {ex.slug} yet: `dojo reset {ex.slug}` makes one before it puts the starter back")
        chosen = backups[-1]
        if path.is_file() and path.read_bytes() == chosen.read_bytes():
            console.print(f"{shown} is already your latest backup ({display_path(chosen)}).")
            return 0
        saved = ws.backup(ex)  # what they have now, so the restore can be undone too
        write_file(path, chosen.read_bytes())
        console.print(f"Restored {shown} from {display_path(chosen)}.")
        if saved:
            console.print(f"The file you had is kept in {display_path(saved)}.")
        return 0
    if ws.is_untouched(ex) and path.is_file():
        console.print(f"{shown} is already the original starter.")
        return 0
    saved = ws.backup(ex)
    write_file(path, ex.starter_path.read_bytes())
    console.print(f"Put back the starter of {ex.slug} in {shown}.")
    if saved:
        console.print(f"Your version is kept in {display_path(saved)}: `dojo reset {ex.slug} --restore` brings it back.")
    return 0


# ---------------------------------------------------------------- history


def cmd_history(args: argparse.Namespace) -> int:
    from grader.console import console

    ws = require_workspace()
    catalog = load_catalog()
    progress = Progress(ws.state_dir)
    one = pick.exercise(catalog, args.slug) if args.slug or catalog.exercise_at(Path.cwd()) else None
    rows = [(one.slug, g) for g in progress.history(one.slug)] if one else progress.all_grades()[-20:]
    if not rows:
        console.print(f"No grades recorded{' for ' + one.slug if one else ''} yet: `dojo grade {one.slug if one else 'SLUG'}`.")
        return 0
    table = Table(show_header=True, box=None, pad_edge=False, header_style="bold")
    for column in ("#", "when", *([] if one else ["exercise"]), "score", "cases", "result", "graded"):
        table.add_column(column)
    for i, (slug, g) in enumerate(rows, 1):
        mark = "[green]✔[/]" if g.passed else ("[yellow]◐[/]" if g.points > 0 else "[red]✘[/]")
        cases = f"{g.cases_passed}/{g.cases_total}" if g.cases_total else ""
        origin = display_path(Path(g.origin)) if g.origin.startswith("/") else g.origin
        table.add_row(str(i), g.at, *([] if one else [slug]), f"{g.points:g}/{g.max_points:g}", cases,
                      f"{mark} {g.status}", escape(origin))
    console.print(table)
    if one:
        best = progress.best(one.slug)
        if best:
            console.print(f"Best: {best.points:g}/{best.max_points:g} on {best.at}; status now: {progress.status(one.slug)}.")
    else:
        console.print("[dim]Latest 20 grades; `dojo history SLUG` shows one exercise's.[/]")
    return 0


# ---------------------------------------------------------------- solution


def cmd_solution(args: argparse.Namespace) -> int:
    from grader.console import console

    catalog = load_catalog()
    if not solutions_open(catalog.root):
        raise UsageError("this course keeps its reference solutions to itself (learner-solutions = false)")
    ws = require_workspace()
    ex = pick.exercise(catalog, args.slug)
    progress = Progress(ws.state_dir)
    if not progress.ever_passed(ex.slug):
        best = progress.best(ex.slug)
        so_far = f" (your best so far: {best.points:g}/{best.max_points:g})" if best else ""
        raise UsageError(f"the reference of {ex.slug} opens once your code passes `dojo grade {ex.slug}`{so_far}")
    if not ex.reference_path.is_file():
        raise UsageError(f"this installation has no reference for {ex.slug}")
    text = ex.reference_path.read_text(encoding="utf-8")
    console.print(f"[bold]Reference solution of {ex.number}. {escape(ex.title)}[/] [dim](compare it with "
                  f"{escape(display_path(ws.learner_file(ex)))})[/]\n")
    if console.is_terminal:
        from rich.syntax import Syntax

        console.print(Syntax(text, "python", line_numbers=True, word_wrap=True))
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


# ---------------------------------------------------------------- demo


def cmd_demo(args: argparse.Namespace) -> int:
    from grader.console import console

    demo = project_root() / "examples" / "demo-submission"
    console.print("[bold]== The catalog ==[/]\n")
    cmd_list(argparse.Namespace(track=None))
    console.print(f"\n[bold]== Grading the sample submission in {demo.relative_to(project_root())}/ ==[/]\n")
    catalog = load_catalog()
    known = {ex.slug: ex.number for ex in catalog.exercises}
    slugs = sorted({p.parent.name for p in demo.glob("*/*/*.py")} & set(known), key=known.__getitem__)
    ns = argparse.Namespace(slugs=slugs, all=False, include_untouched=False, submission=demo,
                            results_json=project_root() / ".dojo" / "demo-results.json", verbose=False, no_isolation=False)
    cmd_grade(ns)
    console.print("\nThe sample gets some exercises wrong on purpose: the feedback above shows what a learner sees.")
    console.print("Try one yourself: [bold]dojo init[/] copies the exercises into a workspace of your own, then "
                  "[bold]dojo check stable-softmax[/], edit the file it names, and [bold]dojo grade stable-softmax[/].")
    return 0
