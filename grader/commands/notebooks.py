"""Notebook commands: `dojo notebook` (learners) and `dojo nbgrader export` (instructors)."""
from __future__ import annotations

import argparse
from pathlib import Path

from grader.catalog import load_catalog
from grader.errors import UsageError

# nbformat, the solution merger and (for the export) the hidden cases are imported inside the
# commands, so `dojo --help` stays instant.


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("notebook", help="write a Jupyter notebook for an exercise (or one per exercise of a track)")
    p.add_argument("name", metavar="SLUG|TRACK")
    p.add_argument("--out", type=Path, default=Path("."), metavar="DIR", help="where to write it (default: here)")
    p.add_argument("--force", action="store_true", help="overwrite an existing notebook")
    p.set_defaults(func=cmd_notebook)

    p = sub.add_parser("nbgrader", help="nbgrader course tools")
    nb_sub = p.add_subparsers(dest="nbgrader_command", metavar="COMMAND", parser_class=type(p))
    e = nb_sub.add_parser("export", help="write an nbgrader course: one assignment per track")
    e.add_argument("out", type=Path, metavar="OUT")
    e.add_argument("--tracks", nargs="+", metavar="TRACK", help="only these tracks (default: every track with exercises)")
    e.set_defaults(func=cmd_nbgrader_export)
    p.set_defaults(func=lambda args: p.print_help() or 2)


def cmd_notebook(args: argparse.Namespace) -> int:
    from grader.console import console
    from grader.notebooks.learner import write_learner_notebook

    catalog = load_catalog()
    track = catalog.track(args.name)
    exercises = list(track.exercises) if track else [catalog.get(args.name)]
    if not exercises:
        raise UsageError(f"track {args.name!r} has no exercises yet")
    for ex in exercises:
        path = write_learner_notebook(ex, args.out, force=args.force)
        console.print(f"Wrote {path}   grade it: [bold]dojo grade {ex.slug} --submission {path}[/]", soft_wrap=True)
    return 0


def cmd_nbgrader_export(args: argparse.Namespace) -> int:
    from grader.console import console
    from grader.notebooks.nbgrader_export import export_course

    catalog = load_catalog()
    if args.tracks:
        tracks = []
        for name in args.tracks:
            track = catalog.track(name)
            if track is None:
                raise UsageError(f"no track named {name!r} (tracks: {', '.join(t.slug for t in catalog.tracks)})")
            tracks.append(track)
    else:
        tracks = [t for t in catalog.tracks if t.exercises]
    result = export_course(catalog, args.out, tracks)
    for assignment, paths in result.notebooks.items():
        console.print(f"source/{assignment}/: {len(paths)} notebooks")
    if not result.config_written:
        console.print("Kept your nbgrader_config.py (it has no export marker line).")
    console.print(f"Wrote the course in {result.root}. Next, in that folder, with this environment first on PATH:\n"
                  f"  nbgrader generate_assignment {tracks[0].slug if tracks else 'TRACK'}")
    return 0
