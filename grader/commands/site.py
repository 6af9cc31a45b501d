"""Site commands: `dojo site build [--out DIR] [--with-solutions]`."""
from __future__ import annotations

import argparse
from pathlib import Path

# jinja2, markdown-it and pygments are imported inside the command, so `dojo --help` stays fast.


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("site", help="build the static site of the catalog")
    site_sub = p.add_subparsers(dest="site_command", metavar="SUBCOMMAND")
    b = site_sub.add_parser("build", help="write the static site (default: _site/ in the project folder)")
    b.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: _site/ in the project folder)")
    b.add_argument("--with-solutions", action="store_true", help="add a Solution tab with the reference code (instructors only: never publish)")
    b.add_argument("--jobs", "-j", type=int, default=0, metavar="N", help="processes rendering problem pages (default: from the CPU count)")
    b.set_defaults(func=cmd_site_build)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def cmd_site_build(args: argparse.Namespace) -> int:
    from grader.catalog import load_catalog
    from grader.site.build import build_site

    catalog = load_catalog()
    out = args.out if args.out is not None else catalog.root / "_site"
    result = build_site(catalog, out, with_solutions=args.with_solutions, jobs=args.jobs)
    what = "with reference solutions (keep it private)" if result.with_solutions else "without solutions"
    print(f"Built {len(result.pages)} pages for {result.exercises} exercises {what} in {result.seconds:.2f} s")
    print(f"Open {(result.out / 'index.html').resolve()}")
    return 0
