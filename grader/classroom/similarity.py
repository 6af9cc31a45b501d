"""Submissions of one exercise that look alike: a list for the instructor to read, never a verdict.

Each source is read as Python tokens with names and literals normalised (every identifier is `V`,
every number `N`, every string `S`; comments, docstrings and layout dropped), so renaming variables
or reformatting changes nothing. Its k-grams of tokens are hashed and winnowed as MOSS does
(Schleimer, Wilkerson, Aiken: "Winnowing: local algorithms for document fingerprinting", 2003):
in every window of `window` consecutive hashes the smallest is kept, which guarantees that any
match of `k + window - 1` tokens or more is seen. Fingerprints of the starter's code, and those
shared by many submissions (code everyone writes), are ignored, so a pair is listed for what the
two have in common beyond the starter and the obvious.

Pairs are listed per exercise when the shared fingerprints cover at least `threshold` of the
smaller source: identical sources first (byte for byte, then once normalised), then by how much
they share. Each pair carries the lines that matched on either side, for the side-by-side view.
"""
from __future__ import annotations

import hashlib
import io
import keyword
import re
import tokenize
from dataclasses import dataclass, field
from itertools import combinations

K = 5  # tokens per k-gram
WINDOW = 4  # hashes per winnowing window
THRESHOLD = 0.8  # share of the smaller source's fingerprints
MIN_SHARED = 4  # fewer shared fingerprints than this is noise, whatever the share
COMMON_SHARE = 0.05  # a fingerprint in more than this share of the submissions (and at least COMMON_MIN) is ignored
COMMON_MIN = 10

_SKIP = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER, tokenize.INDENT, tokenize.DEDENT,
         tokenize.NEWLINE}
_FALLBACK = re.compile(r"[A-Za-z_]\w*|\d[\w.]*|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'|\S")


@dataclass(frozen=True)
class Token:
    text: str  # normalised
    line: int  # 1-based line in the source


def tokens(code: str) -> list[Token]:
    """The normalised tokens of `code` (see the module's docstring); unreadable code is split plainly."""
    out: list[Token] = []
    try:
        previous = tokenize.NEWLINE
        for tok in tokenize.generate_tokens(io.StringIO(code).readline):
            kind = tok.type
            if kind == tokenize.STRING and previous in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.NL):
                previous = kind  # a docstring or a bare string statement: not code
                continue
            if kind not in _SKIP:
                out.append(Token(_normal(kind, tok.string), tok.start[0]))
            if kind not in (tokenize.COMMENT, tokenize.NL):
                previous = kind
    except (tokenize.TokenError, IndentationError, SyntaxError):
        out = []
        for n, line in enumerate(code.splitlines(), start=1):
            if line.lstrip().startswith("#"):
                continue
            out += [Token(_normal_plain(m.group()), n) for m in _FALLBACK.finditer(line)]
    return out


def _normal(kind: int, text: str) -> str:
    if kind == tokenize.NAME:
        return text if keyword.iskeyword(text) else "V"
    if kind == tokenize.NUMBER:
        return "N"
    if kind in (tokenize.STRING, getattr(tokenize, "FSTRING_START", -1)):
        return "S"
    return text


def _normal_plain(text: str) -> str:
    if text[0] in "\"'":
        return "S"
    if text[0].isdigit():
        return "N"
    if text[0].isalpha() or text[0] == "_":
        return text if keyword.iskeyword(text) else "V"
    return text


def _hash(gram: tuple[str, ...]) -> int:
    return int.from_bytes(hashlib.blake2b("\x1f".join(gram).encode(), digest_size=8).digest(), "big")


def fingerprints(toks: list[Token], k: int = K, window: int = WINDOW) -> dict[int, list[int]]:
    """Winnowed k-gram hashes -> the token positions where each k-gram starts."""
    hashes = [_hash(tuple(t.text for t in toks[i:i + k])) for i in range(len(toks) - k + 1)]
    if not hashes:
        return {}
    chosen: dict[int, list[int]] = {}
    last = -1
    for start in range(max(1, len(hashes) - window + 1)):
        win = hashes[start:start + window]
        low = min(win)
        pos = start + max(i for i, h in enumerate(win) if h == low)  # the rightmost minimum, as the paper says
        if pos != last:
            chosen.setdefault(hashes[pos], []).append(pos)
            last = pos
    return chosen


@dataclass
class Doc:
    student: str
    code: str
    toks: list[Token]
    prints: dict[int, list[int]]
    normal: tuple[str, ...]


@dataclass
class Pair:
    exercise: str
    a: str
    b: str
    share_a: float  # of a's fingerprints, the share b has too
    share_b: float
    identical: str  # "same file", "same once normalised", or ""
    lines_a: list[int] = field(default_factory=list)  # lines of a that match b
    lines_b: list[int] = field(default_factory=list)

    @property
    def share(self) -> float:
        return max(self.share_a, self.share_b)

    @property
    def kind(self) -> str:
        return self.identical or f"{round(100 * self.share)}% shared"


def _doc(student: str, code: bytes, starter_prints: set[int]) -> Doc:
    text = code.decode("utf-8", "replace")
    toks = tokens(text)
    prints = {h: p for h, p in fingerprints(toks).items() if h not in starter_prints}
    return Doc(student, text, toks, prints, tuple(t.text for t in toks))


def _lines(doc: Doc, shared: set[int], k: int = K) -> list[int]:
    lines: set[int] = set()
    for h in shared:
        for pos in doc.prints.get(h, ()):
            lines.update(t.line for t in doc.toks[pos:pos + k])
    return sorted(lines)


def similar_pairs(exercise: str, codes: dict[str, bytes], starter: bytes | None = None,
                  threshold: float = THRESHOLD) -> list[Pair]:
    """The pairs of students whose code for `exercise` is alike (see the module's docstring)."""
    starter_prints = set(fingerprints(tokens(starter.decode("utf-8", "replace")))) if starter else set()
    starter_normal = tuple(t.text for t in tokens(starter.decode("utf-8", "replace"))) if starter else None
    docs = [_doc(s, c, starter_prints) for s, c in sorted(codes.items())]
    # An untouched starter, or one changed by a few tokens, is nobody's work to compare.
    docs = [d for d in docs if d.normal and d.normal != starter_normal and len(d.prints) >= MIN_SHARED]
    # The inverted index: only pairs that share a fingerprint are ever compared.
    holders: dict[int, list[int]] = {}
    for i, d in enumerate(docs):
        for h in d.prints:
            holders.setdefault(h, []).append(i)
    common = max(COMMON_MIN, int(COMMON_SHARE * len(docs)))
    shared: dict[tuple[int, int], set[int]] = {}
    for h, who in holders.items():
        if len(who) > common:
            continue
        for i, j in combinations(who, 2):
            shared.setdefault((i, j), set()).add(h)
    pairs: list[Pair] = []
    seen: set[tuple[int, int]] = set()
    groups: dict[tuple[str, ...], list[int]] = {}
    for i, d in enumerate(docs):
        groups.setdefault(d.normal, []).append(i)
    for group in groups.values():  # identical ones, whatever their fingerprints
        for i, j in combinations(group, 2):
            a, b = docs[i], docs[j]
            same = "same file" if a.code == b.code else "same once normalised"
            every = set(a.prints)
            pairs.append(Pair(exercise, a.student, b.student, 1.0, 1.0, same, _lines(a, every), _lines(b, every)))
            seen.add((i, j))
    for (i, j), common_prints in shared.items():
        if (i, j) in seen or len(common_prints) < MIN_SHARED:
            continue
        a, b = docs[i], docs[j]
        share_a, share_b = len(common_prints) / len(a.prints), len(common_prints) / len(b.prints)
        if max(share_a, share_b) >= threshold:
            pairs.append(Pair(exercise, a.student, b.student, round(share_a, 3), round(share_b, 3), "",
                              _lines(a, common_prints), _lines(b, common_prints)))
    pairs.sort(key=lambda p: (not p.identical, p.identical != "same file", -p.share, p.a, p.b))
    return pairs
