"""Build the static site (`dojo site build`): index, track pages, one page per exercise, about, 404.

Everything a page needs is in the output folder and every link is relative, so the site works
opened from disk (file://) and served under any path. Reference solutions are read only when
`with_solutions` is set; hidden tests and mutants are never read at all.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from grader.catalog import Catalog, Exercise, Track
from grader.errors import DojoError, UsageError
from grader.site.examples import visible_tests
from grader.site.figures import figure_html, figures_for_exercise, figures_for_track
from grader.site.highlight import code_block, style_css
from grader.site.markdown import render_inline, render_statement, split_hints

SITE_SRC = Path(__file__).resolve().parents[2] / "site"
MARKER = ".dojo-site"  # marks a folder this builder made, so a rebuild may empty it
DIFFICULTY_LABEL = {"easy": "Easy", "medium": "Medium", "hard": "Hard"}
RESOURCE_LABEL = {"paper": "Paper", "video": "Video", "post": "Post", "code": "Code", "docs": "Docs", "book": "Book"}


@dataclass
class BuildResult:
    out: Path
    pages: list[Path] = field(default_factory=list)
    exercises: int = 0
    with_solutions: bool = False
    seconds: float = 0.0


def problem_url(ex: Exercise) -> str:
    return f"problems/{ex.slug}.html"


def track_url(track: Track) -> str:
    return f"tracks/{track.slug}.html"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def _json_for_script(value: Any) -> Markup:
    # Inside <script> only "</" can end the element early; escaping it keeps the JSON valid.
    return Markup(json.dumps(value).replace("</", "<\\/"))


def _prepare_out(out: Path) -> None:
    if out.exists():
        if not out.is_dir():
            raise UsageError(f"{out} exists and is not a folder")
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise UsageError(f"{out} is not empty and was not made by `dojo site build`; choose another --out")
        shutil.rmtree(out)
    out.mkdir(parents=True)


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(SITE_SRC / "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["difficulty_label"] = lambda d: DIFFICULTY_LABEL.get(d, d.capitalize())
    env.filters["resource_label"] = lambda k: RESOURCE_LABEL.get(k, k.capitalize())
    env.filters["md_inline"] = lambda s: Markup(render_inline(s))
    return env


def _exercise_summary(ex: Exercise) -> dict[str, Any]:
    return {
        "slug": ex.slug,
        "number": ex.number,
        "title": ex.title,
        "difficulty": ex.difficulty,
        "tags": list(ex.tags),
        "track": ex.track,
        "url": problem_url(ex),
    }


def _exercise_page(catalog: Catalog, ex: Exercise, with_solutions: bool) -> dict[str, Any]:
    track = catalog.track(ex.track)
    prev_ex, next_ex = catalog.neighbours(ex)
    default_figs = figures_for_exercise(ex.slug)
    statement = render_statement(_read(ex.readme_path), lambda name: default_figs if name is None else figure_html(name))
    starter = _read(ex.starter_path)
    page: dict[str, Any] = {
        **_exercise_summary(ex),
        "framework": ex.framework,
        "points_label": f"{ex.points:g}",
        "rtol": ex.rtol,
        "atol": ex.atol,
        "entry": list(ex.entry),
        "resources": ex.resources,
        "prerequisites": [_exercise_summary(catalog.get(p)) for p in ex.prerequisites],
        "track_title": track.title if track else ex.track,
        "track_url": track_url(track) if track else "index.html",
        "statement": Markup(statement.html),
        "hints": [Markup(h) for h in split_hints(_read(ex.hints_path))],
        "starter_name": ex.starter_path.name,
        "starter_path": f"exercises/{ex.track}/{ex.slug}/{ex.starter_path.name}",
        "starter_html": Markup(code_block(starter, "python", numbered=True, label=f"Starter code, {ex.starter_path.name}")),
        "starter_json": _json_for_script(starter),
        "test_name": ex.test_path.name,
        "tests": [{"name": t.name, "title": t.title, "doc": t.doc, "source_html": Markup(t.source_html)} for t in visible_tests(_read(ex.test_path))],
        "prev": _exercise_summary(prev_ex) if prev_ex else None,
        "next": _exercise_summary(next_ex) if next_ex else None,
        "solution_html": None,
        "solution_json": None,
    }
    if with_solutions and ex.reference_path.is_file():
        reference = _read(ex.reference_path)
        page["solution_html"] = Markup(code_block(reference, "python", numbered=True, label=f"Reference solution, {ex.reference_path.name}"))
        page["solution_json"] = _json_for_script(reference)
    return page


class _Writer:
    """Renders templates into the output folder; shared (by fork) with the worker processes."""

    def __init__(self, env: Environment, out: Path, common: dict[str, Any]) -> None:
        self.env, self.out, self.common = env, out, common

    def page(self, rel: str, template: str, **context: Any) -> Path:
        depth = rel.count("/")
        html = self.env.get_template(template).render(root="../" * depth, page_path=rel, **self.common, **context)
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
        return path

    def problems(self, catalog: Catalog, exercises: Sequence[Exercise], with_solutions: bool) -> list[Path]:
        return [self.page(problem_url(ex), "problem.html", ex=_exercise_page(catalog, ex, with_solutions)) for ex in exercises]


# Set just before forking workers: the children inherit it (compiled templates included) for free.
_FORKED: tuple[_Writer, Catalog, bool, list[list[Exercise]]] | None = None


def _forked_worker(chunk: int) -> tuple[str, Any]:
    assert _FORKED is not None, "a site worker must be forked from build_site"
    writer, catalog, with_solutions, chunks = _FORKED
    try:
        return "ok", [str(p) for p in writer.problems(catalog, chunks[chunk], with_solutions)]
    except Exception as exc:  # exceptions with custom __init__ (CatalogError) do not unpickle: send text
        return "error", f"{type(exc).__name__}: {exc}" if not isinstance(exc, DojoError) else str(exc)


def _can_fork() -> bool:
    # macOS frameworks are not fork-safe (Python defaults to spawn there); Windows has no fork.
    return sys.platform.startswith("linux")


def _auto_jobs(n_exercises: int) -> int:
    # Forking costs a few ms a worker and each exercise ~10-25 ms: below ~16 exercises one process wins.
    if not _can_fork() or n_exercises < 16:
        return 1
    return max(1, min(os.cpu_count() or 1, 8, n_exercises // 8))


def _render_problems(writer: _Writer, catalog: Catalog, with_solutions: bool, jobs: int) -> list[Path]:
    global _FORKED
    exercises = list(catalog.exercises)
    jobs = _auto_jobs(len(exercises)) if jobs <= 0 else min(jobs, max(1, len(exercises)))
    if jobs == 1 or not _can_fork():
        return writer.problems(catalog, exercises, with_solutions)
    import multiprocessing

    writer.env.get_template("problem.html")  # compile once, before the fork
    chunks = [exercises[i::jobs] for i in range(jobs)]
    _FORKED = (writer, catalog, with_solutions, chunks)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            replies = pool.map(_forked_worker, range(jobs))
    finally:
        _FORKED = None
    paths: list[Path] = []
    for status, value in replies:
        if status == "error":
            raise DojoError(f"site build failed: {value}")
        paths.extend(Path(p) for p in value)
    return paths


def build_site(catalog: Catalog, out: Path, with_solutions: bool = False, jobs: int = 1) -> BuildResult:
    """Write the whole site into `out` (emptied first if an earlier build made it).

    jobs: processes rendering the problem pages; 0 picks from the CPU count (forked workers, so
    Linux only; elsewhere the build is serial). The default stays 1 because forking a process that runs threads (a test server, a
    browser driver) is unsafe; the CLI, a fresh process, passes 0.
    """
    start = time.perf_counter()
    out = Path(out)
    _prepare_out(out)
    result = BuildResult(out=out, with_solutions=with_solutions)

    # Top-level files only: subfolders of site/static/ belong to other outputs (e.g. the grade report).
    (out / "static").mkdir()
    for asset in sorted((SITE_SRC / "static").iterdir()):
        if asset.is_file():
            shutil.copy2(asset, out / "static" / asset.name)
    (out / "static" / "pygments.css").write_text(style_css(), encoding="utf-8")

    tracks = [
        {
            "slug": t.slug,
            "number": t.number,
            "title": t.title,
            "blurb": t.blurb,
            "url": track_url(t),
            "exercises": [_exercise_summary(ex) for ex in t.exercises],
            "figure": Markup(figures_for_track(t.slug)),
        }
        for t in catalog.tracks
    ]
    counts = {d: sum(ex.difficulty == d for ex in catalog.exercises) for d in DIFFICULTY_LABEL}
    common = {"tracks": tracks, "with_solutions": with_solutions, "total": len(catalog.exercises), "counts": counts}
    writer = _Writer(_environment(), out, common)

    result.pages += [writer.page("index.html", "index.html"), writer.page("about.html", "about.html"), writer.page("404.html", "404.html")]
    result.pages += [writer.page(track["url"], "track.html", track=track) for track in tracks]
    problem_pages = _render_problems(writer, catalog, with_solutions, jobs)
    result.pages += problem_pages
    result.exercises = len(problem_pages)

    (out / MARKER).write_text("made by `dojo site build`; a rebuild empties this folder\n", encoding="utf-8")
    result.seconds = time.perf_counter() - start
    return result
