"""`dojo try SLUG --args '...'`: your function and the reference on your own input, side by side."""
from __future__ import annotations

import argparse
from pathlib import Path

from grader.catalog import load_catalog
from grader.commands import pick
from grader.console import escape
from grader.errors import UsageError
from grader.workspace import require_workspace


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("try", help="run your function and the reference on an input of your own",
                       description="Runs your function (in the sandbox) and the reference on the input you give, "
                                   "shows both outputs and the first difference. Inputs are literals, never evaluated: "
                                   "numbers, strings, lists, tuples, dicts, np.array([...]), torch.tensor([...]).")
    p.add_argument("slug", nargs="?", metavar="SLUG")
    p.add_argument("--args", dest="call_args", metavar="ARGS",
                   help="the arguments as written inside the call's parentheses, e.g. \"np.array([1.0, 2.0]), axis=0\"")
    p.add_argument("--input", type=Path, metavar="FILE",
                   help=".npy (the first argument), .npz (keyword arguments by name) or .json "
                        "({\"args\": [...], \"kwargs\": {...}}, arrays as {\"ndarray\": [...]})")
    p.add_argument("--entry", metavar="NAME", help="which function, for exercises with several (default: the first)")
    p.set_defaults(func=cmd_try)


def _block(console, title: str, text: str) -> None:  # noqa: ANN001 - rich Console
    console.print(f"[bold]{title}[/]")
    for line in text.splitlines():
        console.print(f"  {escape(line)}")


def cmd_try(args: argparse.Namespace) -> int:
    from grader import wire
    from grader.console import console
    from grader.sandbox.parent import open_sandbox
    from grader import tryout

    ws = require_workspace()
    catalog = load_catalog()
    ex = pick.exercise(catalog, args.slug)
    entry = args.entry or ex.entry[0]
    if entry not in ex.entry:
        raise UsageError(f"{ex.slug} has no function {entry!r} to try (it has {', '.join(ex.entry)})")
    if args.call_args is None and args.input is None:
        raise UsageError(f"give the input: `dojo try {ex.slug} --args \"...\"` (the arguments of {entry}(...)) or --input FILE")
    call_args, call_kwargs = tryout.load_input(args.input, ex.framework) if args.input else ([], {})
    if args.call_args is not None:
        more_args, more_kwargs = tryout.parse_args(args.call_args)
        call_args += more_args
        call_kwargs.update(more_kwargs)
    code = pick.learner_code(ws, ex)
    places = pick.places(ws, ex, code)
    with open_sandbox() as sandbox:
        try:
            result = tryout.run(sandbox, ex, code, entry, call_args, call_kwargs)
        except wire.WireError as exc:
            raise UsageError(f"this input cannot be sent to your code: {exc}") from None
    typed = args.call_args if args.call_args is not None else ""
    console.print(f"[bold]{entry}({escape(typed)})[/]" + (f"  [dim]with {escape(str(args.input))}[/]" if args.input else ""))
    if result.import_error:
        console.print(f"[red]your module failed to import: {escape(places.localize(result.import_error))}[/]")
        for line in places.excerpt(result.import_error):
            console.print(f"  {escape(line)}")
        return 1
    answer = result.answer
    if isinstance(answer, str):
        _block(console, "your code:", places.localize(answer))
    elif answer.get("ok"):
        _block(console, "your output:", tryout.show(answer.get("value")))
    else:
        _block(console, "your code raised:", places.localize(str(answer.get("message", ""))))
    _block(console, "reference:", tryout.show(result.expected))
    if result.difference is None:
        console.print(f"[green]✔ the same[/] (rtol={ex.rtol:g}, atol={ex.atol:g})")
    elif isinstance(answer, dict) and answer.get("ok"):
        console.print(f"[red]✘ {escape(places.localize(result.difference))}[/]")
    else:  # the error is shown above; the first line says how it differs from the reference
        console.print(f"[red]✘ {escape(places.localize(result.difference).splitlines()[0])}[/]")
    printed = (result.stdout + result.stderr).strip()
    if printed:
        _block(console, "your code printed:", places.localize(printed))
    return 0 if result.difference is None else 1
