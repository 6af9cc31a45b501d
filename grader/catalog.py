"""Load exercises/tracks.toml and every exercise.toml into frozen, validated objects.

Paths are derived from (track, slug), never stored: exercises/<track>/<slug>/ for what a
learner receives, solutions/<track>/<slug>/ for the reference, hidden cases and mutants.
"""
from __future__ import annotations

import ast
import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.errors import CatalogError

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DIFFICULTIES = ("easy", "medium", "hard")
FRAMEWORKS = ("numpy", "torch")
RESOURCE_KINDS = ("paper", "video", "post", "code", "docs", "book")
# Files every exercise folder has; anything else must be listed in `support_files`.
LEARNER_FILES = ("exercise.toml", "README.md")

DEFAULTS: dict[str, Any] = {
    "points": 10,
    "rtol": 1e-5,
    "atol": 1e-6,
    "time_limit_s": 10.0,
    "memory_mb": 1024,
}


def project_root() -> Path:
    """The folder holding exercises/ and solutions/ (DOJO_ROOT overrides)."""
    env = os.environ.get("DOJO_ROOT")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Resource:
    kind: str
    title: str
    url: str


@dataclass(frozen=True)
class Exercise:
    number: int
    track: str
    slug: str
    title: str
    difficulty: str
    framework: str
    entry: tuple[str, ...]
    points: float
    rtol: float
    atol: float
    time_limit_s: float
    memory_mb: int
    resources: tuple[Resource, ...]
    prerequisites: tuple[str, ...]
    tags: tuple[str, ...]
    support_files: tuple[str, ...]
    root: Path = field(repr=False, compare=False)

    @property
    def module(self) -> str:
        """The learner's module name: the slug in snake_case."""
        return self.slug.replace("-", "_")

    @property
    def dir(self) -> Path:
        return self.root / "exercises" / self.track / self.slug

    @property
    def solution_dir(self) -> Path:
        return self.root / "solutions" / self.track / self.slug

    @property
    def starter_path(self) -> Path:
        return self.dir / f"{self.module}.py"

    @property
    def test_path(self) -> Path:
        return self.dir / f"test_{self.module}.py"

    @property
    def readme_path(self) -> Path:
        return self.dir / "README.md"

    @property
    def hints_path(self) -> Path:
        return self.dir / "hints.md"

    @property
    def reference_path(self) -> Path:
        return self.solution_dir / f"{self.module}.py"

    @property
    def hidden_path(self) -> Path:
        return self.solution_dir / "hidden.py"

    @property
    def mutant_paths(self) -> tuple[Path, ...]:
        folder = self.solution_dir / "mutants"
        return tuple(sorted(folder.glob("*.py"))) if folder.is_dir() else ()

    def support_sources(self) -> dict[str, bytes]:
        """Support files the learner's code may import or read (the catalog's copies)."""
        return {name: (self.dir / name).read_bytes() for name in self.support_files}


@dataclass(frozen=True)
class Lookup:
    """What a name typed by a learner resolved to; `guessed` when it was a misspelling."""

    exercise: Exercise
    guessed: bool


def _squash(name: str) -> str:
    """A name without case or separators: `Cross_Entropy`, `cross-entropy`, `crossentropy` agree."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _typos(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) that turn a into b."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


@dataclass(frozen=True)
class Track:
    number: int
    slug: str
    title: str
    blurb: str
    exercises: tuple[Exercise, ...]


@dataclass(frozen=True)
class Catalog:
    root: Path
    tracks: tuple[Track, ...]

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        return tuple(ex for track in self.tracks for ex in track.exercises)

    def get(self, name: str) -> Exercise:
        """The exercise `name` stands for (see `lookup`), never a guess: a misspelling is an error
        that names the likely slug (learner commands take guesses through `lookup` and say so)."""
        found = self.lookup(name)
        if found.guessed:
            from grader.errors import UsageError

            raise UsageError(f"no exercise named '{name}' (did you mean {found.exercise.slug}?)")
        return found.exercise

    def lookup(self, name: str) -> "Lookup":
        """Resolve what a learner types: a slug, a module or file name (`cross_entropy`,
        `cross_entropy.py`), the slug without separators (`crossentropy`), the number `dojo list`
        prints (`2`, `2.`), or a close misspelling (then `guessed` is True, so the CLI can say so).
        Raises UsageError naming the closest slugs when nothing fits, or when a guess is ambiguous."""
        from grader.errors import UsageError

        text = name.strip()
        by_slug = {ex.slug: ex for ex in self.exercises}
        if text in by_slug:
            return Lookup(by_slug[text], False)
        stem = Path(text).name.removesuffix(".py").removesuffix(".ipynb") if text.endswith((".py", ".ipynb")) else text
        number = stem.removesuffix(".")
        if number.isdigit():
            n = int(number)
            if 1 <= n <= len(self.exercises):
                return Lookup(self.exercises[n - 1], False)
            raise UsageError(f"no exercise number {n} (`dojo list` numbers them 1 to {len(self.exercises)})")
        squashed = _squash(stem)
        exact = [ex for ex in self.exercises if _squash(ex.slug) == squashed]
        if len(exact) == 1:
            return Lookup(exact[0], False)
        keys = {_squash(ex.slug): ex for ex in self.exercises}
        # A misspelling: one or two typos (a transposition counts as one), never in a name so short
        # that a typo makes another word.
        near = sorted((_typos(squashed, key), key) for key in keys)
        if near and near[0][0] <= min(2, len(near[0][1]) // 4) and (len(near) == 1 or near[1][0] > near[0][0]):
            return Lookup(keys[near[0][1]], True)
        close = difflib.get_close_matches(squashed, list(keys), n=3, cutoff=0.6)
        contains = [ex.slug for ex in self.exercises if squashed and (squashed in _squash(ex.slug) or _squash(ex.slug) in squashed)]
        suggestions = list(dict.fromkeys([keys[c].slug for c in close] + contains))[:3]
        hint = f" (did you mean {', '.join(suggestions)}?)" if suggestions else " (see `dojo list`)"
        raise UsageError(f"no exercise named '{name}'{hint}")

    def select(self, names: list[str]) -> list[Exercise]:
        """Exercises named as `get` understands them, or by track slug, in the order named, each once."""
        out: list[Exercise] = []
        for name in names:
            track = self.track(name)
            for ex in track.exercises if track else (self.get(name),):
                if ex not in out:
                    out.append(ex)
        return out

    def exercise_at(self, path: Path) -> Exercise | None:
        """The exercise whose folder holds `path` (a learner's workspace or the catalog both lay
        exercises out as <track>/<slug>/), or None."""
        by_place = {(ex.track, ex.slug): ex for ex in self.exercises}
        path = Path(path).absolute()
        for folder in (path, *path.parents):
            ex = by_place.get((folder.parent.name, folder.name))
            if ex is not None:
                return ex
        return None

    def track(self, slug: str) -> Track | None:
        return next((t for t in self.tracks if t.slug == slug), None)

    def neighbours(self, ex: Exercise) -> tuple[Exercise | None, Exercise | None]:
        all_ex = self.exercises
        i = all_ex.index(ex)
        return (all_ex[i - 1] if i > 0 else None, all_ex[i + 1] if i + 1 < len(all_ex) else None)


# ---------------------------------------------------------------- validation helpers


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise CatalogError(path, "file is missing")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(path, f"invalid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise CatalogError(path, "not UTF-8 text") from None


def _check_keys(path: Path, table: dict[str, Any], required: set[str], optional: set[str], prefix: str = "") -> None:
    for key in table:
        if key not in required and key not in optional:
            allowed = ", ".join(sorted(required | optional))
            raise CatalogError(path, f"unknown key (allowed: {allowed})", key=prefix + key)
    for key in sorted(required):
        if key not in table:
            raise CatalogError(path, "required key is missing", key=prefix + key)


def _typed(path: Path, table: dict[str, Any], key: str, kind: type | tuple[type, ...], what: str) -> Any:
    value = table[key]
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise CatalogError(path, f"must be {what}, got {value!r}", key=key)
    if not isinstance(value, kind):
        raise CatalogError(path, f"must be {what}, got {value!r}", key=key)
    return value


def _str_list(path: Path, table: dict[str, Any], key: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CatalogError(path, f"must be a list of strings, got {value!r}", key=key)
    return tuple(value)


def _positive(path: Path, table: dict[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    value = _typed(path, table, key, kind, "a positive number")
    if value <= 0:
        raise CatalogError(path, f"must be positive, got {value!r}", key=key)
    return value


def defined_names(source: str, path: Path) -> set[str]:
    """Top-level functions, classes and assignments of a Python file (parsed, never run)."""
    try:
        tree = ast.parse(source, filename=str(path))
    except SyntaxError as exc:
        raise CatalogError(path, f"syntax error on line {exc.lineno}: {exc.msg}") from None
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


# ---------------------------------------------------------------- loading

EXERCISE_REQUIRED = {"title", "difficulty", "framework", "entry", "resources", "tags"}
EXERCISE_OPTIONAL = set(DEFAULTS) | {"prerequisites", "support_files"}


def _load_exercise(root: Path, track: str, slug: str, number: int, defaults: dict[str, Any], strict: bool) -> Exercise:
    folder = root / "exercises" / track / slug
    path = folder / "exercise.toml"
    if not folder.is_dir():
        raise CatalogError(root / "exercises" / "tracks.toml", f"exercise folder exercises/{track}/{slug}/ is missing", key="exercises")
    data = _read_toml(path)
    _check_keys(path, data, EXERCISE_REQUIRED, EXERCISE_OPTIONAL)
    merged = {**defaults, **data}

    title = _typed(path, merged, "title", str, "a string")
    difficulty = _typed(path, merged, "difficulty", str, "a string")
    if difficulty not in DIFFICULTIES:
        raise CatalogError(path, f"must be one of {', '.join(DIFFICULTIES)}, got {difficulty!r}", key="difficulty")
    framework = _typed(path, merged, "framework", str, "a string")
    if framework not in FRAMEWORKS:
        raise CatalogError(path, f"must be one of {', '.join(FRAMEWORKS)}, got {framework!r}", key="framework")
    entry = _str_list(path, merged, "entry")
    if not entry:
        raise CatalogError(path, "must name at least one function or class", key="entry")

    resources = []
    raw_resources = merged["resources"]
    if not isinstance(raw_resources, list):
        raise CatalogError(path, "must be an array of tables", key="resources")
    for i, res in enumerate(raw_resources):
        if not isinstance(res, dict):
            raise CatalogError(path, "must be a table with kind, title, url", key=f"resources[{i}]")
        _check_keys(path, res, {"kind", "title", "url"}, set(), prefix=f"resources[{i}].")
        if res["kind"] not in RESOURCE_KINDS:
            raise CatalogError(path, f"must be one of {', '.join(RESOURCE_KINDS)}", key=f"resources[{i}].kind")
        resources.append(Resource(str(res["kind"]), str(res["title"]), str(res["url"])))

    ex = Exercise(
        number=number,
        track=track,
        slug=slug,
        title=title,
        difficulty=difficulty,
        framework=framework,
        entry=entry,
        points=float(_positive(path, merged, "points", (int, float))),
        rtol=float(_typed(path, merged, "rtol", (int, float), "a number")),
        atol=float(_typed(path, merged, "atol", (int, float), "a number")),
        time_limit_s=float(_positive(path, merged, "time_limit_s", (int, float))),
        memory_mb=int(_positive(path, merged, "memory_mb", int)),
        resources=tuple(resources),
        prerequisites=_str_list(path, merged, "prerequisites"),
        tags=_str_list(path, merged, "tags"),
        support_files=_str_list(path, merged, "support_files"),
        root=root,
    )
    _check_files(ex, path, strict)
    return ex


def _check_files(ex: Exercise, toml_path: Path, strict: bool) -> None:
    for required in (ex.readme_path, ex.starter_path, ex.test_path):
        if not required.is_file():
            raise CatalogError(required, "file is missing")
    for name in ex.support_files:
        if "/" in name or name.startswith(".") or not (ex.dir / name).is_file():
            raise CatalogError(toml_path, f"support file {name!r} is missing from the exercise folder", key="support_files")
    if not strict:
        return  # parsing 64 starters costs every learner command time; `dojo dev check` does it
    starter_source = _starter_source(ex)
    defined = defined_names(starter_source, ex.starter_path)
    for name in ex.entry:
        if name not in defined:
            raise CatalogError(toml_path, f"entry {name!r} is not defined in {ex.starter_path.name}", key="entry")


def _starter_source(ex: Exercise) -> str:
    try:
        return ex.starter_path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CatalogError(ex.starter_path, "not UTF-8 text") from None


TRACK_REQUIRED = {"slug", "title", "blurb", "exercises"}


def load_catalog(root: Path | None = None, strict: bool = False) -> Catalog:
    """Load and validate the whole catalog; raises CatalogError naming file and key.

    strict=True (authors, `dojo dev check`) also parses each starter and checks it defines every
    `entry` name; learners' commands skip that (learners edit copies in their workspace, never these).
    """
    root = (root or project_root()).resolve()
    path = root / "exercises" / "tracks.toml"
    data = _read_toml(path)
    _check_keys(path, data, {"track"}, {"defaults"})
    defaults = dict(DEFAULTS)
    raw_defaults = data.get("defaults", {})
    _check_keys(path, raw_defaults, set(), set(DEFAULTS), prefix="defaults.")
    defaults.update(raw_defaults)

    tracks: list[Track] = []
    seen: dict[str, str] = {}
    number = 0
    if not isinstance(data["track"], list):
        raise CatalogError(path, "must be an array of tables ([[track]])", key="track")
    for t_index, raw in enumerate(data["track"]):
        prefix = f"track[{t_index}]."
        _check_keys(path, raw, TRACK_REQUIRED, set(), prefix=prefix)
        t_slug = raw["slug"]
        if not isinstance(t_slug, str) or not SLUG_RE.match(t_slug):
            raise CatalogError(path, f"must be kebab-case, got {t_slug!r}", key=prefix + "slug")
        exercises: list[Exercise] = []
        for slug in raw["exercises"]:
            if not isinstance(slug, str) or not SLUG_RE.match(slug):
                raise CatalogError(path, f"slug must be kebab-case, got {slug!r}", key=prefix + "exercises")
            if slug in seen:
                raise CatalogError(path, f"duplicate slug {slug!r} (already in track {seen[slug]!r})", key=prefix + "exercises")
            seen[slug] = t_slug
            number += 1
            exercises.append(_load_exercise(root, t_slug, slug, number, defaults, strict))
        tracks.append(Track(t_index + 1, t_slug, str(raw["title"]), str(raw["blurb"]), tuple(exercises)))

    for ex in (e for t in tracks for e in t.exercises):
        for pre in ex.prerequisites:
            if pre not in seen:
                raise CatalogError(ex.dir / "exercise.toml", f"unknown prerequisite {pre!r}", key="prerequisites")
    return Catalog(root=root, tracks=tuple(tracks))


def solutions_open(root: Path) -> bool:
    """Whether learners may see a reference once they pass (`dojo solution`, `dojo serve`). Instructors
    close it with `[tool.dojo] learner-solutions = false` in the project's pyproject.toml."""
    try:
        config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return True
    return config.get("tool", {}).get("dojo", {}).get("learner-solutions", True) is not False
