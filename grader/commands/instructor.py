"""Instructor commands: grade-batch, gradebook export/override/remove, report, feedback, gradescope build/run."""
from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from grader.catalog import Catalog, Exercise, load_catalog, project_root
from grader.classroom.gradebook import DEFAULT_PATH
from grader.classroom.policy import ALLOW_ENV
from grader.console import escape  # rich's escape, and no control characters

if TYPE_CHECKING:
    from grader.classroom.batch import Task
    from grader.classroom.cluster import ClusterOptions
    from grader.classroom.gradebook import GradeRow

# Grading imports torch (seconds): imported inside the commands that grade.


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("grade-batch", help="grade a folder of submissions (one per student) into a gradebook")
    p.add_argument("submissions", type=Path, metavar="SUBMISSIONS",
                   help="a folder with one folder, .zip, .py or .ipynb per student (or nbgrader's submitted/)")
    p.add_argument("--workers", "-j", type=int, default=min(2, os.cpu_count() or 1), metavar="N",
                   help="submissions graded at once (default: %(default)s)")
    p.add_argument("--gradebook", type=Path, default=DEFAULT_PATH, metavar="FILE",
                   help="SQLite gradebook (default: %(default)s)")
    p.add_argument("--exercises", nargs="+", metavar="SLUG",
                   help="exercises or tracks to grade (default: every exercise some student handed in)")
    p.add_argument("--regrade", action="store_true", help="grade again even what is already up to date")
    p.add_argument("--no-isolation", action="store_true",
                   help="process limits only (no namespaces, uid or Landlock); needs --allow-weak-isolation")
    p.add_argument("--allow-weak-isolation", action="store_true",
                   help="grade even where learner code could read the references or rewrite the gradebook")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="grade on the Dask cluster of this scheduler (tcp://HOST:8786); needs the cluster extra")
    p.add_argument("--local-cluster", type=int, metavar="N", help="grade on a Dask LocalCluster of N worker processes")
    p.add_argument("--worker-root", metavar="DIR",
                   help="the course folder (exercises/, solutions/) on the cluster's workers (default: their installed package)")
    p.add_argument("--students", nargs="+", metavar="NAME",
                   help="grade (again) only these students: submission names, roster ids, names or e-mails")
    p.add_argument("--roster", type=Path, metavar="CSV",
                   help="the course roster (submission,id,name,email; or Canvas's or Moodle's export); kept in the gradebook")
    p.add_argument("--course", type=Path, metavar="TOML",
                   help="course file: assignments, due dates, late policy, extensions, times (docs/instructors.md); kept")
    p.add_argument("--exercise-budget", type=float, metavar="SECONDS",
                   help="wall-clock seconds one exercise may cost at most, hanging code included (default: the course "
                        "file's, else each exercise's own limits)")
    p.set_defaults(func=cmd_grade_batch)

    p = sub.add_parser("gradebook", help="work with a class gradebook")
    gsub = p.add_subparsers(dest="gradebook_command", metavar="ACTION", parser_class=type(p))
    e = gsub.add_parser("export", help="write the gradebook as CSV: one row per student")
    e.add_argument("--csv", type=Path, required=True, metavar="FILE")
    e.add_argument("--gradebook", type=Path, default=DEFAULT_PATH, metavar="FILE")
    e.add_argument("--format", choices=("plain", "canvas", "moodle"), default="plain",
                   help="plain (default), or the CSV Canvas or Moodle imports, keyed by their student ids")
    e.add_argument("--bom", action="store_true", help="start the file with a UTF-8 byte order mark (for Excel)")
    e.add_argument("--roster", type=Path, metavar="CSV", help="use this roster instead of the gradebook's")
    e.set_defaults(func=cmd_gradebook_export)
    o = gsub.add_parser("override", help="set the points that count for one grade, or comment on it (kept in the history)")
    o.add_argument("student", metavar="STUDENT", help="submission name, roster id, name or e-mail")
    o.add_argument("exercise", metavar="SLUG")
    o.add_argument("points", type=float, nargs="?", metavar="POINTS", help="the points that count (omit for a comment only)")
    o.add_argument("--comment", "-m", default="", metavar="TEXT", help="shown in the CSV, the report and the feedback")
    o.add_argument("--clear", action="store_true", help="take the override back (the graded points count again)")
    o.add_argument("--gradebook", type=Path, default=DEFAULT_PATH, metavar="FILE")
    o.set_defaults(func=cmd_gradebook_override)
    rm = gsub.add_parser("remove", help="take a student out of the gradebook (their grades move to the history)")
    rm.add_argument("student", metavar="STUDENT", help="submission name, roster id, name or e-mail")
    rm.add_argument("--gradebook", type=Path, default=DEFAULT_PATH, metavar="FILE")
    rm.set_defaults(func=cmd_gradebook_remove)

    p = sub.add_parser("feedback", help="write one self-contained feedback page (and zip) per student to hand back")
    p.add_argument("out", type=Path, metavar="OUT")
    p.add_argument("--gradebook", type=Path, default=DEFAULT_PATH, metavar="FILE")
    p.add_argument("--students", nargs="+", metavar="NAME", help="only these students")
    p.add_argument("--no-zip", action="store_true", help="pages only, no zip per student")
    p.add_argument("--roster", type=Path, metavar="CSV", help="use this roster instead of the gradebook's")
    p.set_defaults(func=cmd_feedback)

    p = sub.add_parser("report", help="write a static HTML report of the class")
    p.add_argument("out", type=Path, metavar="OUT")
    p.add_argument("--gradebook", type=Path, default=DEFAULT_PATH, metavar="FILE")
    p.add_argument("--similarity", type=float, default=0.8, metavar="SHARE",
                   help="list pairs sharing at least this share of their code (0 to 1; default %(default)s; 0: no list)")
    p.add_argument("--roster", type=Path, metavar="CSV", help="use this roster instead of the gradebook's")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("gradescope", help="Gradescope autograder bundle")
    gsub = p.add_subparsers(dest="gradescope_command", metavar="ACTION", parser_class=type(p))
    b = gsub.add_parser("build", help="write the autograder .zip to upload to Gradescope")
    b.add_argument("out", type=Path, metavar="OUT.zip")
    b.add_argument("--exercises", nargs="+", metavar="SLUG", help="exercises or tracks of the assignment (default: all)")
    b.add_argument("--allow-weak-isolation", action="store_true",
                   help="let the autograder grade where the container allows only a weak isolation")
    b.add_argument("--visibility", default="visible", metavar="WHEN",
                   help="when students see the tests: visible (default), after_due_date, after_published, hidden")
    b.add_argument("--time-budget", type=float, default=None, metavar="SECONDS",
                   help="the whole run's budget, below the assignment's Gradescope timeout (default: 480)")
    b.add_argument("--exercise-budget", type=float, default=None, metavar="SECONDS",
                   help="what one exercise may cost at most, hanging code included")
    b.set_defaults(func=cmd_gradescope_build)
    r = gsub.add_parser("run", help="grade /autograder/submission (what run_autograder calls)")
    r.add_argument("--root", type=Path, help="the /autograder folder (default: $DOJO_AUTOGRADER_ROOT or /autograder)")
    r.add_argument("--no-isolation", action="store_true", help="process limits only; needs weak isolation allowed")
    r.add_argument("--allow-weak-isolation", action="store_true",
                   help=f"grade even with a weak isolation (also ${ALLOW_ENV}=1, or the bundle's allow_weak_isolation)")
    r.set_defaults(func=cmd_gradescope_run)


def _chosen(catalog: Catalog, names: list[str] | None) -> list[Exercise] | None:
    if not names:
        return None
    return catalog.select(names)


def _cluster_options(args: argparse.Namespace) -> "ClusterOptions | None":
    """--scheduler / --local-cluster: grade on Dask workers (docs/cluster.md) instead of local threads."""
    from grader.errors import UsageError

    if not args.scheduler and args.local_cluster is None:
        if args.worker_root:
            raise UsageError("--worker-root goes with --scheduler or --local-cluster")
        return None
    if args.local_cluster is not None and args.local_cluster < 1:
        raise UsageError("--local-cluster must be at least 1")
    from grader.classroom.cluster import ClusterOptions

    return ClusterOptions(args.scheduler, args.local_cluster or 0, isolate=not args.no_isolation,
                          allow_weak=args.allow_weak_isolation, worker_root=args.worker_root)


def cmd_grade_batch(args: argparse.Namespace) -> int:
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                               TimeRemainingColumn)

    from grader.classroom import policy
    from grader.classroom.batch import grade_tasks, plan_batch, record_errors
    from grader.console import console
    from grader.errors import UsageError
    from grader.classroom.gradebook import Gradebook
    from grader.classroom.setup import load_setup
    from grader.sandbox.parent import open_sandbox

    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    cluster = _cluster_options(args)
    where = f"{args.workers} worker(s)"
    catalog = load_catalog()
    chosen = _chosen(catalog, args.exercises)
    setup = load_setup(catalog, args.course, args.roster, args.exercise_budget)
    started = time.perf_counter()
    isolation = "none needed (no code to run)"
    weak = False
    with Gradebook(args.gradebook) as gradebook:
        # --students grades those again even if up to date; the course's deadlines apply to every row.
        tasks, summary = plan_batch(catalog, args.submissions, gradebook, chosen, args.regrade or bool(args.students),
                                    setup.selector(args.students, gradebook), setup.budget_s)
        setup.attach(gradebook)
        # Entries without code (missing, unreadable) need no sandbox: a finished batch run again,
        # or one with only such entries left, starts neither the zygote nor torch.
        sandbox = None
        if cluster is None and any(t.source.code is not None for t in tasks):
            sandbox = open_sandbox(isolate=not args.no_isolation)
            try:  # before anything is recorded: a refused batch grades nothing
                policy.require_protection(sandbox, args.allow_weak_isolation, "pass --allow-weak-isolation")
                isolation, weak = policy.label(sandbox), not policy.protects(sandbox)
            except BaseException:
                sandbox.close()
                raise
        tasks = record_errors(tasks, gradebook, summary)
        if cluster is not None and tasks:  # each worker checks its own isolation (docs/cluster.md)
            from grader.classroom.cluster_progress import grade_on_cluster

            done = grade_on_cluster(cluster, tasks, gradebook, summary)
            isolation, weak, where = done.isolation, done.weak, f"{done.workers} cluster worker(s)"
        if sandbox is not None:
            try:
                import torch

                torch.set_num_threads(1)  # the workers are the parallelism; intra-op threads would fight them
                with Progress(TextColumn("[bold]grading[/]"), BarColumn(), MofNCompleteColumn(),
                              TextColumn("{task.fields[last]}"), TimeElapsedColumn(), TextColumn("ETA"),
                              TimeRemainingColumn(), console=console) as bar:
                    job = bar.add_task("grading", total=len(tasks), last="")

                    def on_done(task: "Task", row: "GradeRow | None") -> None:
                        mark = "?" if row is None else {"passed": "✔", "partial": "◐"}.get(row.status, "✘")
                        bar.update(job, advance=1, last=f"{mark} {_plain(task.student, 24)} {task.source.exercise.slug}")

                    grade_tasks(sandbox, tasks, gradebook, summary, args.workers, on_done)
            finally:
                sandbox.close()
        notes = setup.messages(gradebook, summary)
    summary.seconds = time.perf_counter() - started
    rate = summary.graded / summary.seconds * 60 if summary.seconds else 0.0
    console.print(f"{summary.students} student(s) × {len(summary.exercises)} exercise(s) "
                  f"({', '.join(summary.exercises)}): {summary.graded} graded, {summary.up_to_date} already up to date, "
                  f"{summary.errors} error entries; {summary.seconds:.1f} s ({rate:.0f} per minute, "
                  f"{where}).", markup=False)
    console.print(f"isolation: {isolation}", markup=False, style="bold yellow" if weak else None)
    if weak:
        console.print("  allowed by --allow-weak-isolation: learner code could read the references and rewrite "
                      f"the gradebook. For a stronger isolation, {policy.advice()}.", markup=False)
    for line in notes:
        console.print(f"note: {_plain(line, 600)}", markup=False)
    for line in summary.failed:
        console.print(f"[red]grader failure[/] (recorded as an error, tried again next run): {_plain(line, 400)}")
    for line in summary.not_recorded:
        console.print(f"[red]not recorded[/] (the previous grade, if any, is kept): {_plain(line, 400)}")
    console.print(f"Gradebook: {args.gradebook}   next: dojo gradebook export --csv grades.csv --gradebook "
                  f"{args.gradebook}; dojo report report/ --gradebook {args.gradebook}", markup=False)
    return 1 if summary.not_recorded or summary.failed else 0


def _plain(text: str, width: int) -> str:
    """Student-controlled text (a name, a message) as printable text of at most `width` characters,
    with no markup and no terminal escapes."""
    shown = "".join(ch if ch.isprintable() else "?" for ch in text[:width])
    return escape(shown)


def _catalog_order() -> list[str]:
    try:
        return [ex.slug for ex in load_catalog().exercises]
    except Exception:  # noqa: BLE001 - an export must work even while the catalog is being edited
        return []


def cmd_gradebook_export(args: argparse.Namespace) -> int:
    from grader.console import console
    from grader.classroom.classview import load_view
    from grader.classroom.export import plain_csv, write_csv
    from grader.classroom.lms import canvas_csv, moodle_csv

    view = load_view(args.gradebook, _catalog_order(), args.roster, _catalog_or_none())
    left: list[str] = []
    if args.format == "plain":
        text, rows = plain_csv(view.marks, args.bom), len(view.marks.students)
    else:
        export = (canvas_csv if args.format == "canvas" else moodle_csv)(view.marks, view.course, args.bom)
        text, rows, left = export.text, export.rows, export.left_out
    write_csv(args.csv, text)
    console.print(f"Wrote {args.csv} ({args.format}): {rows} student(s), {len(view.marks.exercises)} exercise(s).",
                  markup=False)
    if left:
        need = "a Canvas ID" if args.format == "canvas" else "an e-mail address or ID number"
        console.print(f"left out, without {need} (give a roster exported from the LMS): {_plain(', '.join(left), 600)}",
                      markup=False, style="yellow")
    for note in view.notes:
        console.print(f"note: {_plain(note, 600)}", markup=False)
    return 0


def _catalog_or_none() -> Catalog | None:
    try:
        return load_catalog()
    except Exception:  # noqa: BLE001 - outputs must work even while the catalog is being edited
        return None


def cmd_report(args: argparse.Namespace) -> int:
    from grader.console import console
    from grader.classroom.classview import load_view
    from grader.classroom.report import build_report

    catalog = _catalog_or_none()
    view = load_view(args.gradebook, _catalog_order(), args.roster, catalog)
    pairs = view.similar(catalog, args.similarity)
    build_report(args.out, view.rows, _catalog_order(), project_root() / "site", args.gradebook.name,
                 marks=view.marks, pairs=pairs, codes=view.codes, notes=view.notes)
    console.print(f"Wrote {args.out / 'index.html'}: {len(view.marks.students)} student page(s), "
                  f"{len(pairs)} similar pair(s) to read.", markup=False)
    return 0


def _one_student(view: "object", name: str) -> str:
    from grader.classroom.marks import find_student
    from grader.errors import UsageError

    hits = find_student(view.marks, name)  # type: ignore[attr-defined]
    if len(hits) != 1:
        raise UsageError(f"no student {name!r} in the gradebook or its roster" if not hits else
                         f"{name!r} could be {', '.join(hits)}: give the submission name")
    return hits[0]


def cmd_gradebook_override(args: argparse.Namespace) -> int:
    from grader.console import console
    from grader.classroom import overrides
    from grader.classroom.classview import load_view
    from grader.classroom.gradebook import Gradebook

    student = _one_student(load_view(args.gradebook, _catalog_order()), args.student)
    with Gradebook(args.gradebook) as gb:
        entry = overrides.add(gb, student, args.exercise, args.points, args.comment, clear=args.clear)
    if entry.action == "override":
        what = f"counts {entry.points:g} points" + (f" (graded {entry.raw_points:g})" if entry.raw_points is not None else "")
    else:
        what = "override cleared: the graded points count" if entry.action == "clear" else "comment added"
    console.print(f"{_plain(student, 80)} / {_plain(args.exercise, 80)}: {what}.", markup=False)
    return 0


def cmd_gradebook_remove(args: argparse.Namespace) -> int:
    from grader.console import console
    from grader.classroom import overrides
    from grader.classroom.classview import load_view
    from grader.classroom.gradebook import Gradebook

    student = _one_student(load_view(args.gradebook, _catalog_order()), args.student)
    with Gradebook(args.gradebook) as gb:
        n = overrides.remove_student(gb, student)
    console.print(f"Removed {_plain(student, 80)}: {n} grade(s) moved to the history. A later grade-batch over a folder "
                  "that still holds their submission grades them again.", markup=False)
    return 0


def cmd_feedback(args: argparse.Namespace) -> int:
    from grader.console import console
    from grader.classroom.classview import load_view
    from grader.classroom.feedback import write_feedback

    view = load_view(args.gradebook, _catalog_order(), args.roster, _catalog_or_none())
    only = view.resolve(args.students) if args.students else None
    handed = write_feedback(args.out, view.marks, project_root() / "site", view.course.name if view.course else "",
                            only, zips=not args.no_zip)
    console.print(f"Wrote {len(handed)} feedback page(s){'' if args.no_zip else ' and zip(s)'} to {args.out}/ "
                  f"(manifest.csv says whose is which).", markup=False)
    return 0


def cmd_gradescope_build(args: argparse.Namespace) -> int:
    from grader.console import console
    from grader.classroom.gradescope import TIME_BUDGET_S, build_bundle

    catalog = load_catalog()
    exercises = _chosen(catalog, args.exercises) or list(catalog.exercises)
    n = build_bundle(args.out, exercises, catalog, allow_weak_isolation=args.allow_weak_isolation,
                     visibility=args.visibility, time_budget_s=args.time_budget or TIME_BUDGET_S,
                     exercise_budget_s=args.exercise_budget)
    console.print(f"Wrote {args.out} ({n} files; {len(exercises)} exercise(s); tests {args.visibility}). Upload it as "
                  "the assignment's autograder (Ubuntu base image); setup.sh installs torch (CPU) and the project.",
                  markup=False)
    return 0


def cmd_gradescope_run(args: argparse.Namespace) -> int:
    from grader.classroom.gradescope import autograder_root, run_autograder
    from grader.classroom.leftovers import become_subreaper

    root = autograder_root(args.root)
    started = time.perf_counter()
    become_subreaper()  # daemons the submission starts come back here, to be killed before results.json
    data = run_autograder(root, isolate=not args.no_isolation, allow_weak=args.allow_weak_isolation)
    max_score = round(sum(float(t.get("max_score") or 0) for t in data.get("tests", [])), 2)
    print(f"score {data.get('score')}/{max_score:g} in {time.perf_counter() - started:.1f} s; "
          f"wrote {root / 'results' / 'results.json'}")
    first = (str(data.get("output") or "").splitlines() or [""])[0]
    print("".join(ch if ch.isprintable() else "?" for ch in first[:2000]))  # names the isolation in force
    return 0
