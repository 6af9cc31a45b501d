"""How much of a learner's own text may reach an output, and in what form.

The learner's code runs with every hidden input in its memory, so any text it sends back can
carry them: exception type names, messages, function names, source lines, printed output. The
child is untrusted (it can write any frame it likes), so the bounds are enforced here, in the
trusted process, on what the child sent:

- an exception's frames are re-derived from the submitted files: the source line shown is the
  file's own line (a line number the files do not have, or a line that differs, drops the frame),
  and a function name is shown only if the file contains it;
- its type is shown when it is a Python, numpy or torch exception or a class the submission
  defines; any other name becomes "a subclass of <the nearest built-in type>";
- its message, the one free text, is shown (capped) for the first FULL_TEXT_CASES failing cases of
  an exercise, counted in case order whatever made them fail; later cases say only the exception
  type and the line, and their whole message is capped at SHORT_CASE_MESSAGE;
- printed output keeps PRINT_CAP characters of stdout and of stderr (it stays out of results.json).

So a submission can no longer pour every hidden input into its feedback: what it controls per
exercise is a few capped messages, a choice among its own lines and classes per case, and its
capped printed output.
"""
from __future__ import annotations

import builtins
import re

from grader.calls import MAX_FRAMES, MAX_FUNCTION_NAME, MAX_MESSAGE, MAX_SOURCE_LINE, MAX_TYPE_NAME
from grader.text import printable

FULL_TEXT_CASES = 3
FULL_CASE_MESSAGE = 1200  # characters of a whole case message while learner text is shown in full
SHORT_CASE_MESSAGE = 240  # after that (a compare message can echo a returned string or dict key)
PRINT_CAP = 1024  # characters of stdout, and of stderr, kept per exercise

_BUILTIN_EXCEPTIONS = frozenset(
    name for name, obj in vars(builtins).items() if isinstance(obj, type) and issubclass(obj, BaseException))
# Raised by numpy or torch themselves (or by the grader, for a value that cannot travel).
_LIBRARY_EXCEPTIONS = frozenset({
    "AxisError", "LinAlgError", "DTypePromotionError", "TooHardError", "ComplexWarning", "UFuncTypeError",
    "_UFuncNoLoopError", "_UFuncBinaryResolutionError", "_UFuncInputCastingError", "_UFuncOutputCastingError",
    "_ArrayMemoryError", "OutOfMemoryError", "_LinAlgError", "AcceleratorError", "WireError",
})
_SPECIAL_FUNCTIONS = frozenset({"<module>", "<lambda>", "<listcomp>", "<dictcomp>", "<setcomp>", "<genexpr>"})
_FRAME = re.compile(r"^  line (\d{1,9}) in (\S{1,200}): (.*)$")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


class LearnerText:
    """One exercise's view of the learner's text: built from the submitted files (module first)."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.texts = {name: data.decode("utf-8", "replace") for name, data in files.items()}
        self.lines = {name: _LINE_BREAK.split(text) for name, text in self.texts.items()}
        self.full_cases_left = FULL_TEXT_CASES

    # ------------------------------------------------------------ exceptions

    def type_name(self, raised: list[str]) -> str:
        name = raised[0] if raised else "Exception"
        if name in _BUILTIN_EXCEPTIONS or name in _LIBRARY_EXCEPTIONS or self._defines_class(name):
            return printable(_cut(name, MAX_TYPE_NAME), ascii_only=True)
        base = next((r for r in raised[1:] if r in _BUILTIN_EXCEPTIONS), "Exception")
        return f"a subclass of {base}"

    def _defines_class(self, name: str) -> bool:
        if not name.isidentifier():
            return False
        pattern = re.compile(rf"\bclass\s+{re.escape(name)}\b")
        return any(pattern.search(text) for text in self.texts.values())

    def _frame(self, number: int, function: str, claimed: str) -> str | None:
        """The frame as the submitted files have it, or None if no file has that line."""
        for name, lines in self.lines.items():
            if 1 <= number <= len(lines) and _cut(lines[number - 1].strip(), MAX_SOURCE_LINE) == claimed.strip():
                shown = function if function in _SPECIAL_FUNCTIONS or (
                    function.isidentifier() and re.search(rf"\b{re.escape(function)}\b", self.texts[name])) else "?"
                return f"  line {number} in {_cut(shown, MAX_FUNCTION_NAME)}: {printable(claimed.strip())}"
        return None

    def _split(self, raised: list[str], message: str) -> tuple[str, list[str], int | None]:
        """(the free-text message, the verified frames, the innermost verified line number)."""
        lines = message.split("\n")
        claimed: list[tuple[int, str, str]] = []
        while lines and len(claimed) < MAX_FRAMES and (m := _FRAME.match(lines[-1])):
            claimed.insert(0, (int(m.group(1)), m.group(2), m.group(3)))
            lines.pop()
        head = "\n".join(lines)
        for name in dict.fromkeys([raised[0], _cut(raised[0], MAX_TYPE_NAME)] if raised else []):
            if head == name or head.startswith(f"{name}: "):  # the child's "Type: message" head
                head = head[len(name) + 2:]
                break
        verified = [(number, frame) for number, function, text in claimed
                    if (frame := self._frame(number, function, text)) is not None]
        return head, [frame for _, frame in verified], (verified[-1][0] if verified else None)

    def exception(self, raised: list[str], message: str, full: bool) -> str:
        """What may be shown of an exception the child reported: in full (capped pieces, verified
        frames) or short (type and line only)."""
        head, frames, line = self._split(raised, message)
        kind = self.type_name(raised)
        if raised[:1] == ["WireError"]:  # not an exception of the learner's code: the value could not travel
            return printable(head, MAX_MESSAGE, ascii_only=True) if full else \
                "(details are shown for the first failing cases only)"
        if not full:
            return kind + (f" (line {line})" if line is not None else "")
        text = printable(head, MAX_MESSAGE, ascii_only=True)
        return "\n".join([f"{kind}: {text}" if text else kind, *frames])

    # ------------------------------------------------------------ whole messages and output

    def take_full_case(self) -> bool:
        """Whether the next failing case may show learner text in full (and count it if so)."""
        if self.full_cases_left <= 0:
            return False
        self.full_cases_left -= 1
        return True

    @staticmethod
    def case_message(message: str, full: bool) -> str:
        return printable(message, FULL_CASE_MESSAGE if full else SHORT_CASE_MESSAGE, ascii_only=True)

    @staticmethod
    def printed(text: str) -> str:
        return printable(text, PRINT_CAP)

