"""`dojo watch`: re-run an exercise's visible examples each time the learner saves it, and once
they pass, the hidden grade; one screen of output per save, the sandbox kept warm in between.

Files are polled (mtime and size), which needs nothing from the platform and notices editors
that save by writing a new file and renaming it over the old one.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

from grader.catalog import Catalog, Exercise
from grader.console import console, escape, print_result, print_visible
from grader.feedback import Places, display_path
from grader.grading import grade
from grader.progress import Progress, grade_of, next_exercise, updating
from grader.sandbox.parent import Sandbox
from grader.submission import source_from_path
from grader.visible import run_visible
from grader.workspace import Workspace

POLL_S = 0.3
SETTLE_S = 0.1  # an editor's save may take a few writes: wait until they are done


class Watcher:
    """Watches one exercise of a workspace; with `follow`, moves on to the next once it passes."""

    def __init__(self, sandbox: Sandbox, catalog: Catalog, ws: Workspace, ex: Exercise, follow: bool = False) -> None:
        self.sandbox, self.catalog, self.ws, self.ex, self.follow = sandbox, catalog, ws, ex, follow
        self.seen: tuple[object, ...] | None = None
        self.runs = 0

    def files(self) -> list[Path]:
        folder = self.ws.exercise_dir(self.ex)
        return [folder / name for name in (self.ex.starter_path.name, self.ex.test_path.name, *self.ex.support_files)]

    def fingerprint(self) -> tuple[object, ...]:
        out: list[object] = []
        for path in self.files():
            try:
                st = path.stat()
                out.append((path.name, st.st_mtime_ns, st.st_size))
            except OSError:
                out.append((path.name, None))
        return tuple(out)

    def changed(self) -> bool:
        return self.fingerprint() != self.seen

    def run_once(self) -> str:
        """Check (and grade, once the visible examples pass) and show one screen. Returns "passed",
        "graded" (visible examples pass, hidden tests not yet), "failing" or "error"."""
        self.seen = self.fingerprint()
        self.runs += 1
        with console.capture() as captured:
            outcome = self._report()
        self._show(captured.get())
        return outcome

    def _report(self) -> str:
        ex, path = self.ex, self.ws.learner_file(self.ex)
        console.print(f"[bold]dojo watch[/]: {ex.number}. {escape(ex.title)}   [dim]{escape(display_path(path))}   "
                      f"{time.strftime('%H:%M:%S')}[/]\n")
        source = source_from_path(ex, path)
        if source.code is None:
            console.print(f"[red]{escape(source.error or 'cannot read your file')}[/]")
            return "error"
        places = self._places(source.code)
        visible = run_visible(self.sandbox, ex, source.code, self.ws.visible_files(ex))
        print_visible(visible, "[bold]Visible examples[/]", ex.starter_path.name, places)
        if not visible.all_passed:
            return "failing"
        console.print("\n[bold]Hidden tests[/]")
        result = grade(self.sandbox, source)
        print_result(result, places=places)
        with updating(self.ws.state_dir) as progress:
            progress.record(ex.slug, grade_of(result, source))
        if not result.passed:
            console.print(f"[dim]`dojo grade {ex.slug} -v` lists every case; `dojo try {ex.slug} --args '...'` "
                          "runs your own input beside the reference.[/]")
            return "graded"
        nxt = next_exercise(self.catalog, Progress(self.ws.state_dir), ex)
        if nxt is None:
            console.print("\n[green]Passed: that was the last exercise left.[/]")
        elif self.follow:
            console.print(f"\n[green]Passed.[/] Now watching [bold]{nxt.number}. {escape(nxt.title)}[/]: "
                          f"edit {escape(display_path(self.ws.learner_file(nxt)))}; it is checked when you save.")
            self.ex = nxt
            self.seen = self.fingerprint()
        else:
            console.print(f"\n[green]Passed.[/] Next: [bold]dojo watch {nxt.slug}[/] ({escape(nxt.title)}).")
        return "passed"

    def _places(self, code: bytes) -> Places:
        return Places.of({p.name: p for p in self.files()}, module=self.ex.starter_path.name, source=code)

    def _show(self, text: str) -> None:
        """One screen: cleared first on a terminal, cut to its height; a rule between runs elsewhere."""
        footer = f"Watching {display_path(self.ws.exercise_dir(self.ex))}/: save to re-run, Ctrl-C to stop."
        lines = text.rstrip("\n").splitlines()
        if console.is_terminal:
            room = max(console.size.height - 3, 5)
            if len(lines) > room:
                lines = lines[: room - 1] + [f"... {len(lines) - room + 1} more lines (`dojo check {self.ex.slug}` shows them all)"]
            console.clear()
        elif self.runs > 1:
            console.file.write("\n" + "-" * 40 + "\n")
        console.file.write("\n".join(lines) + "\n\n")
        console.file.flush()
        console.print(f"[dim]{escape(footer)}[/]")

    def loop(self, stop: Callable[[], bool] = lambda: False, poll_s: float = POLL_S) -> None:
        """Run now, then after every change, until `stop()` says so (Ctrl-C ends it in the CLI)."""
        self.run_once()
        while not stop():
            time.sleep(poll_s)
            if self.changed():
                time.sleep(SETTLE_S)
                self.run_once()
