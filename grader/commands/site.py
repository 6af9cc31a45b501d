"""Site commands: `dojo site build [--out DIR] [--with-solutions] [--base-url PATH]` and
`dojo serve [--port N] [--workspace DIR] [--open]`."""
from __future__ import annotations

import argparse
from pathlib import Path

# jinja2, markdown-it, pygments and the web server are imported inside the commands, so
# `dojo --help` stays fast.


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("site", help="build the static site of the catalog")
    site_sub = p.add_subparsers(dest="site_command", metavar="SUBCOMMAND")
    b = site_sub.add_parser("build", help="write the static site (default: _site/ in the project folder)")
    b.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: _site/ in the project folder)")
    b.add_argument("--with-solutions", action="store_true", help="add a Solution tab with the reference code (instructors only: never publish)")
    b.add_argument("--jobs", "-j", type=int, default=0, metavar="N", help="processes rendering problem pages (default: from the CPU count)")
    b.add_argument("--base-url", default="/", metavar="PATH",
                   help="the path the site is published under, for its not-found page (default: /; GitHub Pages: /REPO/)")
    b.set_defaults(func=cmd_site_build)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])

    s = sub.add_parser("serve", help="the site on this machine, with an editor, Run and Submit on every problem",
                       description="Serves the problem pages on 127.0.0.1 with an editor on each: it edits your "
                                   "workspace's file, Run runs the visible examples, Submit grades with the hidden "
                                   "tests (the same sandbox as `dojo check` and `dojo grade`). Open the address it "
                                   "prints: its token lets only your browser in.")
    s.add_argument("--port", type=int, default=None, metavar="N", help="port on 127.0.0.1 (default: 8765, or a free one if taken)")
    s.add_argument("--workspace", type=Path, metavar="DIR", help="the workspace to serve (default: as every learner command finds it)")
    s.add_argument("--open", action="store_true", help="open the address in your web browser")
    s.set_defaults(func=cmd_serve)


def _base_url(value: str) -> str:
    from grader.errors import UsageError

    if "://" in value or any(c in value for c in "\"'<> "):
        raise UsageError(f"--base-url wants a path such as /transformer-dojo/, not {value!r}")
    return "/" + value.strip("/") + "/" if value.strip("/") else "/"


def cmd_site_build(args: argparse.Namespace) -> int:
    from grader.catalog import load_catalog
    from grader.site.build import build_site

    catalog = load_catalog()
    out = args.out if args.out is not None else catalog.root / "_site"
    result = build_site(catalog, out, with_solutions=args.with_solutions, jobs=args.jobs, base_url=_base_url(args.base_url))
    what = "with reference solutions (keep it private)" if result.with_solutions else "without solutions"
    print(f"Built {len(result.pages)} pages for {result.exercises} exercises {what} in {result.seconds:.2f} s")
    print(f"Open {(result.out / 'index.html').resolve()}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from grader.catalog import load_catalog
    from grader.errors import UsageError
    from grader.feedback import display_path
    from grader.serve import app
    from grader.serve.security import new_token
    from grader.workspace import Workspace, is_workspace, require_workspace

    if args.workspace is not None:
        folder = args.workspace.expanduser().absolute()
        if not is_workspace(folder):
            raise UsageError(f"{folder} is not a dojo workspace: `dojo init {args.workspace}` makes one")
        ws = Workspace(folder)
    else:
        ws = require_workspace()
    catalog = load_catalog()
    port = app.DEFAULT_PORT if args.port is None else args.port
    if not 0 <= port <= 65535:
        raise UsageError(f"--port {port}: a port is 0 to 65535")
    try:
        sock = app.bind(port)
    except OSError as exc:
        raise UsageError(f"cannot listen on {app.HOST}:{port} ({exc.strerror}): choose another --port") from None
    token = new_token()
    url = app.url_of(sock.getsockname()[1], token)

    def ready() -> None:
        print(f"Serving {display_path(ws.root)} at\n\n    {url}\n\nOpen that address (the token in it lets only "
              "your browser in). Ctrl-C stops the server.", flush=True)
        if args.open:
            import webbrowser

            webbrowser.open(url)

    try:
        app.run(catalog, ws, token, sock, on_ready=ready)
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    print("Stopped.")
    return 0
