"""`dojo watch [SLUG]`: re-check an exercise on every save (and grade it once its examples pass)."""
from __future__ import annotations

import argparse
import os
import sys
import threading

from grader.catalog import load_catalog
from grader.commands import pick
from grader.progress import Progress
from grader.workspace import require_workspace


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("watch", help="re-run the visible examples (then the hidden tests) each time you save",
                       description="Without SLUG: the exercise folder you are in, else the first exercise you have "
                                   "not passed, moving on to the next each time one passes.")
    p.add_argument("slug", nargs="?", metavar="SLUG")
    p.set_defaults(func=cmd_watch)


def cmd_watch(args: argparse.Namespace) -> int:
    from grader.console import console
    from grader.sandbox.parent import open_sandbox
    from grader.watch import Watcher

    ws = require_workspace()
    catalog = load_catalog()
    follow = False
    if args.slug or catalog.exercise_at(os.getcwd()):
        ex = pick.exercise(catalog, args.slug)
    else:
        progress = Progress(ws.state_dir)
        left = [e for e in catalog.exercises if progress.status(e.slug) != "passed"]
        if not left:
            console.print("Every exercise has passed: `dojo watch SLUG` watches one of them anyway.")
            return 0
        ex, follow = left[0], True
    pick.learner_code(ws, ex)  # a clear error now if the file is missing
    sandbox = open_sandbox()
    try:
        Watcher(sandbox, catalog, ws, ex, follow=follow).loop()
    except KeyboardInterrupt:
        console.print("\nStopped watching.")
        sandbox.close()
        sys.stdout.flush()
        # A grade interrupted mid-run leaves its worker thread waiting for the sandboxed child
        # (which its own limits end): do not make the learner wait for it.
        if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
            sys.stderr.flush()
            os._exit(0)
        return 0
    finally:
        sandbox.close()
    return 0
