"""The course roster: who the students are, matched to the submissions the batch found.

A roster is a CSV with a header. Three shapes are read:

- the grader's own: `submission` (the folder, file or LMS id a submission is found under), `id`,
  `name`, `email`, and optionally `sis_user_id`, `sis_login_id`, `section`;
- Canvas's gradebook export (`Student`, `ID`, `SIS User ID`, `SIS Login ID`, `Section`, ...): its
  `ID` is the user id in Canvas's download file names;
- Moodle's grading worksheet (`Identifier` = "Participant 12345", `Full name`, `Email address`):
  the participant number is the one in Moodle's download folder names.

A submission matches the person whose `submission` or `id` is its name, whose LMS id is the one its
file names carry, whose name is the one the layout gives (Moodle's full name, Canvas's lastfirst),
or whose e-mail address starts with its name. Two people matching the same submission match
neither: the outputs say so rather than guess.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from grader.errors import UsageError
from grader.text import one_line

MAX_ROSTER_BYTES = 16 * 1024 * 1024
MAX_CELL = 200  # characters kept of any roster cell


class RosterError(UsageError):
    """The roster file cannot be used; the message names the file and the line."""


@dataclass(frozen=True)
class Person:
    id: str
    name: str = ""
    email: str = ""
    submission: str = ""  # the name a submission is found under, when it is not the id
    sis_user_id: str = ""
    sis_login_id: str = ""
    section: str = ""
    lms_id: str = ""  # Canvas user id or Moodle participant number: what the download's names carry

    @property
    def label(self) -> str:
        """How outputs name the person: the name, else the id."""
        return self.name or self.id


STORED = ("id", "name", "email", "submission", "sis_user_id", "sis_login_id", "section", "lms_id")

_ALIASES = {
    "submission": {"submission", "submission name", "folder", "file", "username", "user", "login"},
    "id": {"id", "student id", "student_id", "studentid", "student number", "matriculation", "id number"},
    "name": {"name", "full name", "student name", "student"},
    "email": {"email", "e-mail", "email address", "mail"},
    "sis_user_id": {"sis user id", "sis_user_id"},
    "sis_login_id": {"sis login id", "sis_login_id"},
    "section": {"section", "group"},
}


def _norm_header(text: str) -> str:
    return re.sub(r"[\s_]+", " ", text.strip().lower())


def _cell(value: object) -> str:
    return one_line(str(value or "").strip(), MAX_CELL)


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RosterError(f"{path}: cannot be read ({exc.strerror})") from None
    if len(data) > MAX_ROSTER_BYTES:
        raise RosterError(f"{path}: larger than {MAX_ROSTER_BYTES // (1024 * 1024)} MiB; is this a roster?")
    for encoding in ("utf-8-sig", "cp1252"):  # Excel on Windows saves CSV in the local code page
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterError(f"{path}: neither UTF-8 nor Windows-1252 text")


def _reader(text: str) -> csv.reader:
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count) if first else ","  # Excel in some locales writes ';'
    return csv.reader(io.StringIO(text), delimiter=delimiter)


def read_roster(path: Path) -> list[Person]:
    """Every person of the roster file, in file order; RosterError naming file and line if unusable."""
    rows = list(_reader(_decode(path)))
    if not rows or not any(c.strip() for c in rows[0]):
        raise RosterError(f"{path}: empty, expected a header line (submission,id,name,email)")
    header = [_norm_header(h) for h in rows[0]]
    if "identifier" in header and "full name" in header:
        people = _moodle_worksheet(path, header, rows[1:])
    elif "student" in header and "id" in header and "sis user id" in header:
        people = _canvas_gradebook(path, header, rows[1:])
    else:
        people = _own(path, header, rows[1:])
    _check_unique(path, people)
    return people


def _column(header: list[str], key: str) -> int | None:
    for i, h in enumerate(header):
        if h in _ALIASES[key]:
            return i
    return None


def _own(path: Path, header: list[str], rows: list[list[str]]) -> list[Person]:
    cols = {key: _column(header, key) for key in _ALIASES}
    if cols["id"] is None and cols["submission"] is None:
        raise RosterError(f"{path}: line 1: no `id` or `submission` column (found: {', '.join(header) or 'nothing'}); "
                          "expected a header such as submission,id,name,email")
    people = []
    for n, row in enumerate(rows, start=2):
        if not any(c.strip() for c in row):
            continue
        get = {key: (_cell(row[i]) if i is not None and i < len(row) else "") for key, i in cols.items()}
        ident = get["id"] or get["submission"]
        if not ident:
            raise RosterError(f"{path}: line {n}: no id and no submission name")
        people.append(Person(id=ident, name=get["name"], email=get["email"], submission=get["submission"],
                             sis_user_id=get["sis_user_id"], sis_login_id=get["sis_login_id"], section=get["section"],
                             lms_id=get["id"] if get["id"].isdigit() else ""))
    return people


def _canvas_gradebook(path: Path, header: list[str], rows: list[list[str]]) -> list[Person]:
    at = {h: i for i, h in enumerate(header)}
    people = []
    for n, row in enumerate(rows, start=2):
        cells = {h: _cell(row[i]) if i < len(row) else "" for h, i in at.items()}
        if not cells.get("id") or cells.get("student", "").lower() in ("points possible", ""):
            continue  # Canvas's "Points Possible" and muted-assignment rows
        if not cells["id"].isdigit():
            raise RosterError(f"{path}: line {n}: Canvas ID {cells['id']!r} is not a number")
        last_first = cells["student"]
        name = " ".join(reversed([p.strip() for p in last_first.split(",", 1)])) if "," in last_first else last_first
        people.append(Person(id=cells["id"], name=name, email="", submission="", lms_id=cells["id"],
                             sis_user_id=cells.get("sis user id", ""), sis_login_id=cells.get("sis login id", ""),
                             section=cells.get("section", "")))
    return people


def _moodle_worksheet(path: Path, header: list[str], rows: list[list[str]]) -> list[Person]:
    at = {h: i for i, h in enumerate(header)}
    people = []
    for n, row in enumerate(rows, start=2):
        cells = {h: _cell(row[i]) if i < len(row) else "" for h, i in at.items()}
        if not any(cells.values()):
            continue
        number = re.sub(r"\D", "", cells.get("identifier", ""))
        if not number:
            raise RosterError(f"{path}: line {n}: Identifier {cells.get('identifier', '')!r} holds no participant number")
        ident = cells.get("id number") or cells.get("email address") or number
        people.append(Person(id=ident, name=cells.get("full name", ""), email=cells.get("email address", ""),
                             submission="", lms_id=number))
    return people


def _check_unique(path: Path, people: list[Person]) -> None:
    seen: dict[str, int] = {}
    for n, p in enumerate(people):
        if p.id in seen:
            raise RosterError(f"{path}: id {p.id!r} appears twice (entries {seen[p.id] + 1} and {n + 1})")
        seen[p.id] = n


# ---------------------------------------------------------------- matching


def squash(text: str) -> str:
    """Lower case, accents and everything but letters and digits removed: "Núñez, Ana" -> "nunezana"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


def _canvas_lastfirst(name: str) -> str:
    """Canvas's file-name form of a name: last name then first names, squashed."""
    parts = name.split()
    return squash("".join(parts[-1:] + parts[:-1])) if parts else ""


def names_person(person: Person, text: str) -> bool:
    """Whether `text` (from a command line, a course or times file) names `person`: their id, e-mail or
    submission name (case ignored), or their name in either order ("Ana Lopez", "Lopez, Ana")."""
    low = text.strip().lower()
    if low and low in (person.id.lower(), person.email.lower(), person.submission.lower(), person.lms_id.lower()):
        return True
    flat = squash(text)
    return bool(flat) and bool(person.name) and flat in (squash(person.name), _canvas_lastfirst(person.name))


@dataclass(frozen=True)
class Found:
    """What the batch knows of one submission: its name, and what its layout says."""

    student: str
    lms_id: str = ""
    display: str = ""


@dataclass
class Matching:
    by_student: dict[str, Person]  # gradebook student -> roster person
    unmatched: list[str]  # submissions no roster entry claims
    ambiguous: dict[str, list[Person]]  # submissions two or more entries claim
    absent: list[Person]  # roster entries with no submission

    def label(self, student: str) -> str:
        person = self.by_student.get(student)
        return person.label if person else student


def match(people: list[Person], found: Iterable[Found]) -> Matching:
    """Pair each submission with its roster entry (see the module's docstring for the rules)."""
    keys: dict[str, list[Person]] = {}

    def key(k: str, p: Person) -> None:
        if k and p not in keys.setdefault(k, []):
            keys[k].append(p)

    for p in people:
        key(f"name:{p.submission}", p)
        key(f"name:{p.id}", p)
        key(f"lms:{p.lms_id}", p)
        if p.name:
            key(f"squash:{squash(p.name)}", p)
            key(f"squash:{_canvas_lastfirst(p.name)}", p)
        if "@" in p.email:
            key(f"squash:{squash(p.email.split('@', 1)[0])}", p)
    by_student: dict[str, Person] = {}
    unmatched: list[str] = []
    ambiguous: dict[str, list[Person]] = {}
    for f in found:
        # The most specific rule that finds anyone decides.
        for rule in (f"name:{f.student}", f"lms:{f.lms_id}" if f.lms_id else "",
                     f"squash:{squash(f.display)}" if f.display else "", f"squash:{squash(f.student)}"):
            hits = keys.get(rule, []) if rule and rule != "squash:" else []
            if len(hits) == 1:
                by_student[f.student] = hits[0]
                break
            if len(hits) > 1:
                ambiguous[f.student] = hits
                break
        else:
            unmatched.append(f.student)
    claimed = {id(p) for p in by_student.values()}
    twice = [s for s, p in by_student.items() if sum(q is p for q in by_student.values()) > 1]
    for s in twice:  # two submissions for one person: neither is theirs until the instructor says
        ambiguous.setdefault(s, [by_student.pop(s)])
    claimed = {id(p) for p in by_student.values()}
    absent = [p for p in people if id(p) not in claimed and not any(p in ps for ps in ambiguous.values())]
    return Matching(by_student, unmatched, ambiguous, absent)


# ---------------------------------------------------------------- the gradebook's copy


def store(gradebook: "object", people: list[Person]) -> None:
    """Replace the gradebook's roster with `people` (one transaction)."""
    db = gradebook.db  # type: ignore[attr-defined]
    with gradebook.transaction():  # type: ignore[attr-defined]
        db.execute("DELETE FROM roster")
        db.executemany(f"INSERT INTO roster (position, {', '.join(STORED)}) VALUES (?, {', '.join('?' for _ in STORED)})",
                       [(i, *(getattr(p, k) for k in STORED)) for i, p in enumerate(people)])


def load(gradebook: "object") -> list[Person]:
    """The roster last stored in the gradebook (empty if none, or an older gradebook)."""
    if not gradebook.has_table("roster"):  # type: ignore[attr-defined]
        return []
    cur = gradebook.db.execute(f"SELECT {', '.join(STORED)} FROM roster ORDER BY position")  # type: ignore[attr-defined]
    return [Person(**dict(zip(STORED, row))) for row in cur]
