"""A lint for `dojo dev check`: statement sentences that promise something no hidden case seems to hold.

A sentence of README.md with "raises", "refuses", "must", "do not" or "never" is a promise. It counts
as covered when its distinctive words (identifiers, and words that are not common English or
grader vocabulary) meet the hidden cases' names or the exercise's declared promises (its section
`## <slug>` of docs/promises/<track>.md): at least two of them, or its only one. Sentences about
modifying inputs in place are covered by the grader's own argument comparison. It is a heuristic:
what it lists is printed as warnings for an author to look at, never as failures.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

PROMISE = re.compile(r"\b(raises?|raised|refuses?|refused|must|do not|don't|never)\b", re.I)
IN_PLACE = {"modify", "modifies", "modified", "modifying", "mutate", "mutates", "mutated", "place"}
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
CODE = re.compile(r"`([^`]+)`|\$([^$]+)\$")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z`(*$])")
LIST_ITEM = re.compile(r"^\s*([-*+]|\d+[.)])\s+")

STOP = set("""
a about above after again against all also an and any are as at be because been before being below between
both but by can cannot could did do does doing don done down during each either else even every few for from
further had has have having here how however if in into is it its itself just least less like many may
might more most much must need needs never no nor not now of off on once one only or other otherwise our out
over own per rather same shall should since so some such than that the their them then there these they
this those though through thus to too two under until up upon us use used uses using very via was way we
were what whatever when where whether which while who whom whose why will with within without would yet
you your yours
raise raises raised refuse refuses refused return returns returned give gives given call calls called
function functions value values input inputs output outputs argument arguments result results case cases
learner grader test tests hidden check checks error errors exactly exact always first last new make makes
keep keeps still just see note notes instead whole number numbers get gets
compare compared comparison rtol atol tolerance match matches answer answers
""".split())


@dataclass(frozen=True)
class Unheld:
    """A statement sentence that reads as a promise no hidden case name or declared promise mentions."""

    line: int
    sentence: str

    def __str__(self) -> str:
        text = self.sentence if len(self.sentence) <= 140 else self.sentence[:137] + "..."
        return f"README.md:{self.line}: no hidden case or declared promise seems to hold: \"{text}\""


def _stem(word: str) -> str:
    word = word.lower()
    for suffix in ("ies", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix) and not word.endswith("ss"):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def tokens(text: str) -> set[str]:
    """The distinctive words of `text`: identifiers in code or maths whatever their length (`k`,
    `top_p` and its parts), other words of three letters or more, common ones left out."""
    found: set[str] = set()
    for match in CODE.finditer(text):
        for word in WORD.findall(match.group(1) or match.group(2)):
            found.add(_stem(word))
            found.update(_stem(part) for part in word.split("_") if part)
    for word in WORD.findall(CODE.sub(" ", text)):
        for part in [word, *word.split("_")]:
            if len(part) >= 3:
                found.add(_stem(part))
    return {w for w in found if w not in STOP}


def name_tokens(names: list[str]) -> set[str]:
    """The words of hidden case names (`top_p_zero_raises` -> top, p, zero, ...)."""
    return {_stem(part) for name in names for part in re.split(r"[_\W]+", name) if part}


def _paragraphs(text: str) -> list[tuple[int, list[tuple[int, str]]]]:
    """Prose paragraphs and list items, each as (first line number, [(line number, line)]),
    without fenced code blocks, display maths or headings."""
    out: list[tuple[int, list[tuple[int, str]]]] = []
    current: list[tuple[int, str]] = []
    fenced = maths = False

    def flush() -> None:
        if current:
            out.append((current[0][0], list(current)))
            current.clear()

    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("```") or stripped.startswith("~~~"):
            fenced = not fenced
            flush()
            continue
        if fenced:
            continue
        opens, closes = stripped.startswith("$$"), stripped.endswith("$$") and len(stripped) >= (2 if maths else 4)
        if maths or opens:  # display maths: one line `$$...$$`, or a block between `$$` lines
            maths = not closes if not maths else not (closes or opens)
            flush()
            continue
        if not stripped or stripped.startswith("#") or stripped.startswith("|"):
            flush()
            continue
        if LIST_ITEM.match(line):
            flush()
        current.append((number, stripped))
    flush()
    return out


def sentences(text: str) -> list[tuple[int, str]]:
    """(line number, sentence) for each sentence of the statement's prose."""
    out: list[tuple[int, str]] = []
    for _, lines in _paragraphs(text):
        joined, starts = "", []
        for number, line in lines:
            starts.append((len(joined), number))
            joined += line + " "
        pos = 0
        for piece in SENTENCE_END.split(joined):
            where = joined.find(piece, pos)
            pos = where + len(piece)
            line = max((n for offset, n in starts if offset <= where), default=lines[0][0])
            if piece.strip():
                out.append((line, piece.strip()))
    return out


def declared_promises(promises_doc: Path, slug: str) -> str:
    """The exercise's section (`## <slug>`) of its track's promises document, or ""."""
    if not promises_doc.is_file():
        return ""
    text = promises_doc.read_text(encoding="utf-8")
    match = re.search(rf"^##\s+`?{re.escape(slug)}`?\s*$(.*?)(?=^##\s|\Z)", text, re.M | re.S)
    return match.group(1) if match else ""


def unheld_promises(statement: str, case_names: list[str], declared: str = "") -> list[Unheld]:
    """The statement's promise sentences that no case name or declared promise seems to cover."""
    known = name_tokens(case_names) | tokens(declared) | {_stem(w) for w in WORD.findall(declared.lower())}
    found: list[Unheld] = []
    for line, sentence in sentences(statement):
        if not PROMISE.search(sentence):
            continue
        words = tokens(sentence)
        if not words or {w.lower() for w in WORD.findall(sentence)} & IN_PLACE:
            continue  # nothing distinctive to look for, or held by the grader's argument comparison
        if len(words & known) < min(2, len(words)):
            found.append(Unheld(line, sentence))
    return found
