"""Text from outside the grader made safe to show: no terminal escapes, no invisible characters.

Learner code, student file names and notebooks are the source of much of what the grader prints
and stores. An ESC sequence in any of them could rewrite the instructor's terminal (move the
cursor, change the title, hide lines); a bidi override or zero-width character could make a
report say something other than what it holds; a lone surrogate breaks UTF-8 output and SQLite.
`printable` turns every such character into a visible escape, keeps newlines and tabs, and bounds
the length.
"""
from __future__ import annotations

import re
import unicodedata

# Anything outside printable ASCII is looked at; most of it (letters, symbols) is kept.
_SUSPECT = re.compile(r"[^\t\n\x20-\x7e]")
# Control, format (bidi overrides, zero-width), surrogate, line and paragraph separators.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def _escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: str, limit: int | None = None, ascii_only: bool = False) -> str:
    """`text` with control and invisible characters escaped (\\x1b, \\u202e), cut to `limit` characters.

    Newlines and tabs stay. With `ascii_only`, every non-ASCII character is escaped too, so that each
    character shown carries at most what one ASCII character can. The cut happens after escaping:
    the result is never longer than `limit` plus the marker that says it was cut.
    """
    if type(text) is not str:
        text = str(text)

    def fix(match: re.Match[str]) -> str:
        ch = match.group()
        if ch > "\x7f" and not ascii_only and unicodedata.category(ch) not in _HIDDEN_CATEGORIES:
            return ch
        return _escape(ch)

    out = _SUSPECT.sub(fix, text)
    if limit is not None and len(out) > limit:
        out = out[: max(limit, 0)] + ("..." if ascii_only else "…")
    return out


def one_line(text: str, limit: int | None = None) -> str:
    """`printable` on one line: newlines and tabs become spaces (names, progress lines, table cells)."""
    return printable(text.replace("\n", " ").replace("\t", " ") if type(text) is str else str(text), limit)
