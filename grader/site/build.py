"""Build the static site (`dojo site build`): index, track pages, one page per exercise, about, 404.

Everything a page needs is in the output folder and every link is relative, so the site works
opened from disk (file://) and served under any path. Reference solutions are read only when
`with_solutions` is set; hidden tests and mutants are never read at all.
"""
from __future__ import annotations

import ast
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
from grader.site.markdown import render_inline, render_statement, split_hints, summary

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


def environment() -> Environment:
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


def _parameters(source: str, entry: str) -> list[str]:
    """The parameters of `entry` in the starter, as written (`x`, `axis=-1`), for the custom-input box."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == entry:
            args = node.args
            plain = [a.arg for a in args.posonlyargs + args.args]
            defaults = [None] * (len(plain) - len(args.defaults)) + list(args.defaults)
            return [a if d is None else f"{a}={ast.unparse(d)}" for a, d in zip(plain, defaults)]
    return []


def _exercise_page(catalog: Catalog, ex: Exercise, with_solutions: bool) -> dict[str, Any]:
    track = catalog.track(ex.track)
    prev_ex, next_ex = catalog.neighbours(ex)
    default_figs = figures_for_exercise(ex.slug)
    statement = render_statement(readme := _read(ex.readme_path), lambda name: default_figs if name is None else figure_html(name))
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
        "description": summary(readme) or f"{ex.title}: a {ex.difficulty} {ex.framework} problem of Transformer Dojo.",
        "hints": [Markup(h) for h in split_hints(_read(ex.hints_path))],
        "starter_name": ex.starter_path.name,
        "starter_path": f"{ex.track}/{ex.slug}/{ex.starter_path.name}",
        "starter_html": Markup(code_block(starter, "python", numbered=True, label=f"Starter code, {ex.starter_path.name}")),
        "starter_json": _json_for_script(starter),
        "test_name": ex.test_path.name,
        "try_placeholder": "arguments of " + ex.entry[0] + "(" + ", ".join(_parameters(starter, ex.entry[0])) + "), e.g. "
                           + ("np.array([[1.0, 2.0], [3.0, 4.0]])" if ex.framework == "numpy" else "torch.tensor([[1.0, 2.0], [3.0, 4.0]])"),
        "tests": [{"name": t.name, "title": t.title, "doc": t.doc, "input_html": Markup(t.input_html),
                   "expected_html": Markup(t.expected_html)} for t in visible_tests(_read(ex.test_path))],
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


class Pages:
    """Renders the site's pages from the catalog; the static build writes them, `dojo serve`
    answers requests with them. Every link is relative to the page (`root` is "../" per level),
    except on the not-found page, which a host may serve at any depth: it carries a <base>."""

    def __init__(self, catalog: Catalog, with_solutions: bool = False, serve: bool = False, base_url: str = "/") -> None:
        self.catalog = catalog
        self.with_solutions = with_solutions
        self.env = environment()
        self.common = common_context(catalog, with_solutions, serve, base_url)

    def render(self, rel: str, template: str, **context: Any) -> str:
        depth = rel.count("/")
        root = "" if template == "404.html" else "../" * depth
        return self.env.get_template(template).render(root=root, page_path=rel, **self.common, **context)

    def index(self) -> str:
        return self.render("index.html", "index.html")

    def about(self) -> str:
        return self.render("about.html", "about.html")

    def not_found(self) -> str:
        return self.render("404.html", "404.html")

    def track(self, track: dict[str, Any]) -> str:
        return self.render(track["url"], "track.html", track=track)

    def problem(self, ex: Exercise) -> str:
        return self.render(problem_url(ex), "problem.html", ex=_exercise_page(self.catalog, ex, self.with_solutions))


class _Writer:
    """Writes pages into the output folder; shared (by fork) with the worker processes."""

    def __init__(self, pages: Pages, out: Path) -> None:
        self.pages, self.out = pages, out

    def write(self, rel: str, html: str) -> Path:
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
        return path

    def problems(self, catalog: Catalog, exercises: Sequence[Exercise], with_solutions: bool) -> list[Path]:
        return [self.write(problem_url(ex), self.pages.problem(ex)) for ex in exercises]


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

    writer.pages.env.get_template("problem.html")  # compile once, before the fork
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


def copy_assets(static: Path) -> None:
    """site/static's own files (its subfolders belong to other outputs: the grade report, the
    editor of `dojo serve`) and the code colours, into `static`."""
    static.mkdir(parents=True, exist_ok=True)
    for asset in sorted((SITE_SRC / "static").iterdir()):
        if asset.is_file():
            shutil.copy2(asset, static / asset.name)
    (static / "pygments.css").write_text(style_css(), encoding="utf-8")


def track_pages(catalog: Catalog) -> list[dict[str, Any]]:
    return [
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


def common_context(catalog: Catalog, with_solutions: bool, serve: bool = False, base_url: str = "/") -> dict[str, Any]:
    """What every page's template sees."""
    counts = {d: sum(ex.difficulty == d for ex in catalog.exercises) for d in DIFFICULTY_LABEL}
    return {"tracks": track_pages(catalog), "with_solutions": with_solutions, "total": len(catalog.exercises),
            "counts": counts, "serve": serve, "base_url": base_url}


def build_site(catalog: Catalog, out: Path, with_solutions: bool = False, jobs: int = 1, base_url: str = "/") -> BuildResult:
    """Write the whole site into `out` (emptied first if an earlier build made it).

    base_url: the path the site is published under (e.g. "/transformer-dojo/" on GitHub Pages);
    only the not-found page uses it, since a host serves that page at whatever URL was missing.

    jobs: processes rendering the problem pages; 0 picks from the CPU count (forked workers, so
    Linux only; elsewhere the build is serial). The default stays 1 because forking a process that runs threads (a test server, a
    browser driver) is unsafe; the CLI, a fresh process, passes 0.
    """
    start = time.perf_counter()
    out = Path(out)
    _prepare_out(out)
    result = BuildResult(out=out, with_solutions=with_solutions)

    copy_assets(out / "static")
    pages = Pages(catalog, with_solutions, base_url=base_url)
    writer = _Writer(pages, out)
    result.pages += [writer.write("index.html", pages.index()), writer.write("about.html", pages.about()),
                     writer.write("404.html", pages.not_found())]
    result.pages += [writer.write(track["url"], pages.track(track)) for track in pages.common["tracks"]]
    problem_pages = _render_problems(writer, catalog, with_solutions, jobs)
    result.pages += problem_pages
    result.exercises = len(problem_pages)

    (out / MARKER).write_text("made by `dojo site build`; a rebuild empties this folder\n", encoding="utf-8")
    result.seconds = time.perf_counter() - start
    return result
