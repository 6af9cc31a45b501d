"""The course file (`course.toml`): assignments, due dates, the late policy, extensions, where the
roster and the submission times are.

    [course]
    name = "Transformers, spring term"
    timezone = "Europe/Berlin"        # times written without an offset are read in this zone (default UTC)
    roster = "roster.csv"             # relative to this file

    [late]                            # without it, lateness is shown but costs nothing
    per_day = 10                      # percent of the points taken off per day late (a started day counts)
    cap = 50                          # at most this percent in all
    grace_minutes = 15                # this late still counts as on time

    [grading]
    exercise_budget_s = 60            # wall-clock seconds one exercise may cost at most (hanging code included)

    [[assignment]]
    name = "Homework 1"
    exercises = ["stable-softmax", "gelu"]   # slugs or tracks
    due = "2025-03-07 23:59"
    canvas_column = "Homework 1 (4242)"       # the Canvas gradebook's column (name and assignment id)
    moodle_column = "Homework 1"              # the Moodle grade item

    [due]                             # a due date for one exercise, over its assignment's
    gelu = "2025-03-10 23:59"

    [[extension]]
    student = "alice"                 # submission name, roster id, name or e-mail
    assignment = "Homework 1"         # or exercise = "gelu"; neither: every due date
    days = 3                          # or due = "2025-03-12 12:00"

    [times]
    files = ["times.csv"]             # submission times: a CSV (student, submitted_at[, exercise]) or
                                      # Moodle's grading worksheet; nbgrader's timestamp.txt is read by itself

Every key is checked: an unknown key, a slug that is not in the catalog or a date that cannot be
read is an error naming the file and the key.
"""
from __future__ import annotations

import datetime as dt
import re
import tomllib
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.catalog import Catalog
from grader.errors import UsageError

MAX_COURSE_BYTES = 1024 * 1024


class CourseError(UsageError):
    """The course file cannot be used; the message names the file and the key."""

    def __init__(self, path: Path | str, key: str | None, message: str) -> None:
        where = f"{path}: key '{key}'" if key else str(path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class LatePolicy:
    per_day: float = 0.0  # percent per (started) day late
    cap: float = 100.0  # percent at most
    grace_minutes: float = 0.0

    def words(self) -> str:
        grace = f", {self.grace_minutes:g} min grace" if self.grace_minutes else ""
        return f"{self.per_day:g}% per day late, at most {self.cap:g}%{grace}"


@dataclass(frozen=True)
class Assignment:
    name: str
    exercises: tuple[str, ...]
    due: dt.datetime | None = None
    canvas_column: str = ""
    moodle_column: str = ""


@dataclass(frozen=True)
class Extension:
    student: str
    assignment: str = ""  # "" with exercise "": every due date
    exercise: str = ""
    due: dt.datetime | None = None
    days: float = 0.0


@dataclass
class Course:
    path: str = ""
    name: str = ""
    timezone: str = "UTC"
    roster: Path | None = None
    late: LatePolicy | None = None
    exercise_budget_s: float | None = None
    assignments: list[Assignment] = field(default_factory=list)
    due: dict[str, dt.datetime] = field(default_factory=dict)  # per exercise, over its assignment's
    extensions: list[Extension] = field(default_factory=list)
    time_files: list[Path] = field(default_factory=list)

    @property
    def tz(self) -> dt.tzinfo:
        return zone(self.timezone)

    def assignment_of(self, slug: str) -> Assignment | None:
        return next((a for a in self.assignments if slug in a.exercises), None)

    def base_due(self, slug: str) -> dt.datetime | None:
        if slug in self.due:
            return self.due[slug]
        assignment = self.assignment_of(slug)
        return assignment.due if assignment else None


# ---------------------------------------------------------------- times


_OFFSET = re.compile(r"^[+-]\d{2}:?\d{2}$")
_MOODLE_FORMATS = ("%A, %d %B %Y, %I:%M %p", "%A, %d %B %Y, %H:%M", "%d %B %Y, %I:%M %p", "%d %B %Y, %H:%M")


def zone(name: str) -> dt.tzinfo:
    """A zone by IANA name ("Europe/Berlin"), "UTC", or a fixed offset ("+01:00")."""
    if name.upper() in ("UTC", "Z", "GMT"):
        return dt.timezone.utc
    if _OFFSET.match(name):
        sign = -1 if name[0] == "-" else 1
        digits = name[1:].replace(":", "")
        return dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r} (use a name such as 'Europe/Berlin', or '+01:00')") from None


def parse_time(value: Any, tz: dt.tzinfo, end_of_day: bool = False) -> dt.datetime:
    """A point in time from what instructors and LMSs write: ISO 8601 (with or without an offset),
    nbgrader's `2025-03-07 22:10:00.123456 UTC`, Moodle's `Friday, 7 March 2025, 11:59 PM`, or a
    TOML date. Times without an offset are in `tz`; a date alone is its end (`end_of_day`) or start."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(23, 59, 59) if end_of_day else dt.time(0, 0), tz)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a date and time, got {value!r}")
    text = value.strip()
    parts = text.rsplit(" ", 1)
    if len(parts) == 2 and re.fullmatch(r"[A-Za-z][A-Za-z_/+-]*|[+-]\d{4}", parts[1]) and not parts[1].upper() in ("AM", "PM"):
        try:  # nbgrader: "... UTC" or "... Europe/Berlin" or "... +0100"
            return parse_time(parts[0], zone(parts[1]), end_of_day)
        except ValueError:
            pass
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        parsed = None
        for fmt in _MOODLE_FORMATS:
            try:
                parsed = dt.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        if parsed is None:
            raise ValueError(f"cannot read {value!r} as a date and time "
                             "(use 2025-03-07 23:59, optionally with an offset such as +01:00)") from None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        parsed = dt.datetime.combine(parsed.date(), dt.time(23, 59, 59) if end_of_day else dt.time(0, 0))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)


def show_time(when: dt.datetime, tz: dt.tzinfo | None = None) -> str:
    """"2025-03-07 23:59 +01:00": minutes, the offset shown."""
    local = when.astimezone(tz) if tz is not None else when
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M} {offset[:3]}:{offset[3:]}" if offset else f"{local:%Y-%m-%d %H:%M}"


# ---------------------------------------------------------------- reading the file


_TOP = {"course", "late", "grading", "assignment", "due", "extension", "times"}
_KEYS = {
    "course": {"name", "timezone", "roster"},
    "late": {"per_day", "cap", "grace_minutes"},
    "grading": {"exercise_budget_s"},
    "assignment": {"name", "exercises", "due", "canvas_column", "moodle_column"},
    "extension": {"student", "assignment", "exercise", "due", "days"},
    "times": {"files"},
}


def _table(path: Path, data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise CourseError(path, key, "must be a table ([" + key + "])")
    unknown = set(value) - _KEYS[key]
    if unknown:
        raise CourseError(path, f"{key}.{sorted(unknown)[0]}", f"unknown key (known: {', '.join(sorted(_KEYS[key]))})")
    return value


def _number(path: Path, key: str, value: Any, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise CourseError(path, key, f"must be a number from {low:g} to {high:g}, got {value!r}")
    return float(value)


def _text(path: Path, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CourseError(path, key, f"must be a non-empty string, got {value!r}")
    return value.strip()


def _time(path: Path, key: str, value: Any, tz: dt.tzinfo) -> dt.datetime:
    try:
        return parse_time(value, tz, end_of_day=True)
    except ValueError as exc:
        raise CourseError(path, key, str(exc)) from None


def _slugs(path: Path, key: str, value: Any, catalog: Catalog) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise CourseError(path, key, "must be a non-empty list of exercise slugs or track names")
    out: list[str] = []
    for name in value:
        track = catalog.track(name)
        if track is not None:
            out += [ex.slug for ex in track.exercises]
            continue
        try:
            out.append(catalog.get(name).slug)
        except Exception:  # noqa: BLE001 - the catalog's own error names the catalog, not this file
            raise CourseError(path, key, f"{name!r} is neither an exercise nor a track of the catalog") from None
    return tuple(dict.fromkeys(out))


def load_course(path: Path, catalog: Catalog) -> Course:
    """Read and check `path`; CourseError naming the file and key on anything wrong."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CourseError(path, None, f"cannot be read ({exc.strerror})") from None
    if len(raw) > MAX_COURSE_BYTES:
        raise CourseError(path, None, "larger than 1 MiB; is this a course file?")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CourseError(path, None, f"not valid TOML ({exc})") from None
    return course_from(data, path, catalog)


def _tables(path: Path, data: dict, section: str) -> list[tuple[str, dict]]:
    """An array of tables ([[section]]), each checked for unknown keys: (its key for messages, the table)."""
    raw_list = data.get(section, [])
    if not isinstance(raw_list, list):
        raise CourseError(path, section, f"must be an array of tables ([[{section}]])")
    out = []
    for i, raw in enumerate(raw_list):
        key = f"{section}[{i}]"
        if not isinstance(raw, dict):
            raise CourseError(path, key, "must be a table")
        unknown = set(raw) - _KEYS[section]
        if unknown:
            raise CourseError(path, f"{key}.{sorted(unknown)[0]}", f"unknown key (known: {', '.join(sorted(_KEYS[section]))})")
        out.append((key, raw))
    return out


def course_from(data: dict[str, Any], path: Path, catalog: Catalog) -> Course:
    unknown = set(data) - _TOP
    if unknown:
        raise CourseError(path, sorted(unknown)[0], f"unknown table (known: {', '.join(sorted(_TOP))})")
    base = path.parent
    head = _table(path, data, "course")
    course = Course(path=str(path), name=str(head.get("name", "")))
    if "timezone" in head:
        try:
            zone(_text(path, "course.timezone", head["timezone"]))
        except ValueError as exc:
            raise CourseError(path, "course.timezone", str(exc)) from None
        course.timezone = head["timezone"].strip()
    tz = course.tz
    if "roster" in head:
        course.roster = base / _text(path, "course.roster", head["roster"])
    if "late" in data:
        late = _table(path, data, "late")
        course.late = LatePolicy(per_day=_number(path, "late.per_day", late.get("per_day", 0), 0, 100),
                                 cap=_number(path, "late.cap", late.get("cap", 100), 0, 100),
                                 grace_minutes=_number(path, "late.grace_minutes", late.get("grace_minutes", 0), 0, 1e6))
    grading = _table(path, data, "grading")
    if "exercise_budget_s" in grading:
        course.exercise_budget_s = _number(path, "grading.exercise_budget_s", grading["exercise_budget_s"], 1, 86400)
    seen: dict[str, str] = {}
    for key, raw in _tables(path, data, "assignment"):
        name = _text(path, f"{key}.name", raw.get("name"))
        if any(a.name == name for a in course.assignments):
            raise CourseError(path, f"{key}.name", f"assignment {name!r} is named twice")
        slugs = _slugs(path, f"{key}.exercises", raw.get("exercises"), catalog)
        for slug in slugs:
            if slug in seen:
                raise CourseError(path, f"{key}.exercises", f"{slug!r} is already in assignment {seen[slug]!r}")
            seen[slug] = name
        due = _time(path, f"{key}.due", raw["due"], tz) if "due" in raw else None
        course.assignments.append(Assignment(
            name, slugs, due,
            canvas_column=_text(path, f"{key}.canvas_column", raw["canvas_column"]) if "canvas_column" in raw else "",
            moodle_column=_text(path, f"{key}.moodle_column", raw["moodle_column"]) if "moodle_column" in raw else ""))
    dues = data.get("due", {})
    if not isinstance(dues, dict):
        raise CourseError(path, "due", "must be a table of exercise = date")
    for slug, when in dues.items():
        (real,) = _slugs(path, f"due.{slug}", [slug], catalog)[:1]
        course.due[real] = _time(path, f"due.{slug}", when, tz)
    names = {a.name for a in course.assignments}
    for key, raw in _tables(path, data, "extension"):
        student = _text(path, f"{key}.student", raw.get("student"))
        assignment = _text(path, f"{key}.assignment", raw["assignment"]) if "assignment" in raw else ""
        if assignment and assignment not in names:
            raise CourseError(path, f"{key}.assignment", f"no assignment is named {assignment!r}")
        exercise = _slugs(path, f"{key}.exercise", [raw["exercise"]], catalog)[0] if "exercise" in raw else ""
        if assignment and exercise:
            raise CourseError(path, key, "give `assignment` or `exercise`, not both")
        if ("due" in raw) == ("days" in raw):
            raise CourseError(path, key, "give either `due` (a date) or `days` (added to the due date)")
        due = _time(path, f"{key}.due", raw["due"], tz) if "due" in raw else None
        days = _number(path, f"{key}.days", raw["days"], 0, 3650) if "days" in raw else 0.0
        course.extensions.append(Extension(student, assignment, exercise, due, days))
    times = _table(path, data, "times")
    if "files" in times:
        files = times["files"]
        if not isinstance(files, list) or not all(isinstance(f, str) and f.strip() for f in files):
            raise CourseError(path, "times.files", "must be a list of file names")
        course.time_files = [base / f for f in files]
    return course
