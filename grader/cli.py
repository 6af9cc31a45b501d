"""The `dojo` command line: thin over the library, `main(argv) -> int`, testable in-process.

Each command group lives in grader/commands/<name>.py and registers its subcommands.
Exit codes: 0 success, 1 something graded failed, 2 usage or catalog error.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from grader import __version__
from grader.errors import DojoError

COMMAND_MODULES = (
    "grader.commands.learner",
    "grader.commands.dev",
    "grader.commands.site",
    "grader.commands.instructor",
    "grader.commands.notebooks",
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line and exit 2, like every other usage error
        self.print_usage(sys.stderr)
        print(f"dojo: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="dojo", description="Transformer Dojo: build the parts of a transformer, graded by hidden tests.")
    parser.add_argument("--version", action="version", version=f"dojo {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except DojoError as exc:
        print(f"dojo: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("dojo: interrupted", file=sys.stderr)
        return 130
