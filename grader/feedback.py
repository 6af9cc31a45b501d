"""Make what the sandbox reports point at the learner's own files.

Learner code runs in a sandbox folder (`/work/...` in a jail, a temporary folder elsewhere), so
tracebacks, warnings and syntax errors name paths the learner never saw. `Places` rewrites them
to the learner's paths and adds the file to bare "line N in f" frames; `pytest_report` picks the
location and the error lines of each failed visible test out of pytest's own report. Everything
here is text for display: verdicts never depend on it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

FRAME_RE = re.compile(r"^(\S+?):(\d+): in (\S+)$")
SECTION_RE = re.compile(r"^_{3,} (.+?) _{3,}$")
BANNER_RE = re.compile(r"^={3,} ?(.*?) ?={3,}$|^-- Docs: ")
LEARNER_FRAME_RE = re.compile(r"^(\s*)line (\d+) in (\S+): (.*)$", re.M)
MAX_ERROR_LINES = 12


def display_path(path: Path, cwd: Path | None = None) -> str:
    """Relative to the current folder when inside it, else from ~, else absolute."""
    path = path.absolute()
    here = (cwd or Path.cwd()).absolute()
    if path.is_relative_to(here):
        return path.relative_to(here).as_posix()
    home = Path.home()
    if path.is_relative_to(home):
        return "~/" + path.relative_to(home).as_posix()
    return str(path)


def tidy(message: str) -> str:
    """A scalar has no index: "differs at index ()" reads "differs"."""
    return message.replace(" at index ()", "")


@dataclass
class Places:
    """The files a sandboxed run had under bare names, and what the learner calls them.

    `module` names the learner's module file among them and `source` is its text, so a frame
    "line 7 in softmax: ..." (the sandbox's words for the learner's frames) gets its file back
    when line 7 of the learner's file is that code.
    """

    shown: dict[str, str] = field(default_factory=dict)  # bare name -> path shown to the learner
    module: str | None = None
    source: str | None = None

    @classmethod
    def of(cls, files: dict[str, Path], module: str | None = None, source: bytes | None = None,
           cwd: Path | None = None) -> "Places":
        text = source.decode("utf-8", "replace") if source is not None else None
        return cls({name: display_path(path, cwd) for name, path in files.items()}, module, text)

    def localize(self, text: str) -> str:
        if not text:
            return text
        for name, shown in sorted(self.shown.items(), key=lambda kv: -len(kv[0])):
            pattern = re.compile(r"(?<![\w.\-/\\])(?:[^\s\"'()<>,]*[/\\])?" + re.escape(name) + r"(?![\w])")
            text = pattern.sub(lambda _m, s=shown: s, text)
        if self.module and self.source is not None and self.module in self.shown:
            text = LEARNER_FRAME_RE.sub(self._frame, text)
        return tidy(text)

    def _frame(self, m: re.Match[str]) -> str:
        lines = (self.source or "").splitlines()
        n = int(m.group(2))
        if 1 <= n <= len(lines) and lines[n - 1].strip() == m.group(4).strip():
            return f"{m.group(1)}{self.shown[self.module or '']}:{n} in {m.group(3)}: {m.group(4)}"
        return m.group(0)

    def excerpt(self, message: str) -> list[str]:
        """For "... (file, line N)" (how a SyntaxError names its place), line N of the learner's file."""
        if self.source is None:
            return []
        m = re.search(r"line (\d+)\)?\s*$", message.strip().splitlines()[0] if message.strip() else "")
        lines = self.source.splitlines()
        if not m or not 1 <= int(m.group(1)) <= len(lines):
            return []
        n = int(m.group(1))
        return [f"{n:>5} | {lines[n - 1]}"]


@dataclass(frozen=True)
class TestReport:
    """Where one visible test failed and with what, out of pytest's terminal report."""

    location: str | None  # "path:line in function:  code"
    error: list[str]  # the `E` lines, without pytest's prefix


def pytest_sections(stdout: str) -> tuple[dict[str, list[str]], list[str]]:
    """pytest's report split into one section per failed test (keyed like the sandbox names
    tests: the node's last part, or "collecting FILE" for a collection error) and its warnings."""
    sections: dict[str, list[str]] = {}
    warnings: list[str] = []
    current: list[str] | None = None
    for line in stdout.splitlines():
        banner = BANNER_RE.match(line)
        if banner:
            current = warnings if (banner.group(1) or "") == "warnings summary" else None
            continue
        header = SECTION_RE.match(line)
        if header and current is not warnings:
            name = header.group(1)
            name = "collecting " + name.removeprefix("ERROR collecting ") if name.startswith("ERROR collecting ") else name
            current = sections.setdefault(name, [])
            continue
        if current is not None:
            current.append(line)
    return sections, warnings


def summarize(section: list[str], module_file: str) -> TestReport:
    frames = [(i, m) for i, line in enumerate(section) if (m := FRAME_RE.match(line))]
    mine = [f for f in frames if Path(f[1].group(1)).name == module_file]
    chosen = (mine or frames)[-1:] or []
    location = None
    for i, m in chosen:
        code = section[i + 1].strip() if i + 1 < len(section) and not section[i + 1].startswith("E ") else ""
        location = f"{m.group(1)}:{m.group(2)} in {m.group(3)}" + (f":  {code}" if code else "")
    error = [line[4:] if line.startswith("E   ") else line[1:].lstrip() for line in section if line.startswith("E ")]
    if len(error) > MAX_ERROR_LINES:
        error = error[:MAX_ERROR_LINES] + [f"... {len(error) - MAX_ERROR_LINES} more lines"]
    return TestReport(location, error)


def warning_lines(warnings: list[str]) -> list[str]:
    """The distinct warnings ("file:line: Category: message" and its code line), without the tests they came from."""
    blocks: list[list[str]] = []
    for line in warnings:
        if line.startswith("  ") and not line.startswith("    "):
            blocks.append([line.strip()])
        elif line.startswith("    ") and blocks:
            blocks[-1].append("  " + line.strip())
    out: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for block in blocks:
        if tuple(block) not in seen:
            seen.add(tuple(block))
            out += block
    return out
