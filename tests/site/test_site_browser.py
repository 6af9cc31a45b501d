"""The static site in real headless Chromium: filters, math, highlighting, copy, solved marks, offline.

Driven by Playwright's sync API against Debian's Chromium (never `playwright install`). Screenshots
go to test-artifacts/ for people to look at.
"""
from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path
from typing import Iterator

import pytest

from grader.catalog import Catalog, Exercise
from grader.site.build import BuildResult

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed at /usr/bin/chromium (CI installs it)"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')")


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def context(browser) -> Iterator:
    """A fresh profile per test (its own localStorage) that records every request it makes."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    ctx.requests = []  # type: ignore[attr-defined]
    ctx.errors = []  # type: ignore[attr-defined]
    ctx.on("request", lambda req: ctx.requests.append(req.url))
    ctx.on("page", lambda page: page.on("pageerror", lambda err: ctx.errors.append(str(err))))
    yield ctx
    local = [u for u in ctx.requests if not re.match(r"^(file://|https?://(127\.0\.0\.1|localhost)[:/]|data:|about:blank)", u)]
    ctx.close()
    assert not local, f"requests left the page: {local}"
    assert not ctx.errors, f"script errors: {ctx.errors}"


@pytest.fixture(scope="module")
def server(site: BuildResult) -> Iterator[str]:
    """The learner build over http://127.0.0.1 (clipboard permissions need an http origin)."""
    handler = functools.partial(_QuietHandler, directory=str(site.out))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep pytest output clean
        pass


def url(site: BuildResult, rel: str) -> str:
    return (site.out / rel).resolve().as_uri()


def math_exercise(catalog: Catalog) -> Exercise:
    """The first exercise whose statement has math (stable-softmax in the shipped catalog)."""
    for ex in catalog.exercises:
        if "$" in ex.readme_path.read_text(encoding="utf-8"):
            return ex
    pytest.skip("no exercise with math in the catalog")


def first_exercise(catalog: Catalog) -> Exercise:
    if not catalog.exercises:
        pytest.skip("the catalog has no exercises yet")
    return catalog.exercises[0]


def visible_slugs(page) -> list[str]:
    return page.eval_on_selector_all(".row[data-slug]", "rows => rows.filter(r => r.offsetParent !== null).map(r => r.dataset.slug)")


def test_index_lists_filters_and_searches(catalog: Catalog, site: BuildResult, context) -> None:
    """Does the index show every exercise, and do a track filter and a search narrow it?"""
    page = context.new_page()
    page.goto(url(site, "index.html"))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "index.png"))
    page.screenshot(path=str(ARTIFACTS / "index-full.png"), full_page=True)
    assert sorted(visible_slugs(page)) == sorted(ex.slug for ex in catalog.exercises)

    tracks = [t for t in catalog.tracks if t.exercises]
    if len(catalog.exercises) < 2 or not tracks:
        pytest.skip("filters need at least two exercises")
    track = min(tracks, key=lambda t: len(t.exercises))
    page.click(f'[data-filter-track="{track.slug}"]')
    assert sorted(visible_slugs(page)) == sorted(ex.slug for ex in track.exercises)
    assert page.get_attribute(f'[data-filter-track="{track.slug}"]', "aria-pressed") == "true"
    page.click('[data-filter-track=""]')

    target = catalog.exercises[-1]
    page.fill("[data-search]", target.title)
    shown = visible_slugs(page)
    assert target.slug in shown and len(shown) < len(catalog.exercises)
    if target.tags:
        page.fill("[data-search]", target.tags[0])
        shown = visible_slugs(page)
        assert target.slug in shown
        assert all(target.tags[0] in (catalog.get(s).title.lower() + " " + s + " " + " ".join(catalog.get(s).tags)).lower() for s in shown)
    page.fill("[data-search]", "zzz-no-such-problem")
    assert visible_slugs(page) == []
    assert page.is_visible("[data-no-match]")

    page.fill("[data-search]", "")
    difficulty = catalog.exercises[0].difficulty
    page.click(f'[data-filter-difficulty="{difficulty}"]')
    assert sorted(visible_slugs(page)) == sorted(ex.slug for ex in catalog.exercises if ex.difficulty == difficulty)


def test_problem_page_math_and_highlighting(catalog: Catalog, site: BuildResult, context) -> None:
    """Is the statement's math laid-out MathML with no raw $, and is the code highlighted?"""
    ex = math_exercise(catalog)
    page = context.new_page()
    page.goto(url(site, f"problems/{ex.slug}.html"))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "problem.png"))
    assert page.title().startswith(f"{ex.number}. ")
    maths = page.locator(".statement math")
    assert maths.count() > 0
    for i in range(min(maths.count(), 5)):
        box = maths.nth(i).bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0, f"math element {i} has no layout"
    prose = page.eval_on_selector(".statement", """el => {
        const copy = el.cloneNode(true);
        copy.querySelectorAll('code, pre, math').forEach(n => n.remove());
        return copy.textContent;
    }""")
    assert "$" not in prose
    assert page.locator(".editor .hl span.k").count() > 0, "keywords of the starter are not highlighted"
    assert page.locator(".editor .hl span.nf, .editor .hl span.nc").count() > 0
    assert page.locator("#tab-solution").count() == 0

    # Tabs are buttons with aria roles, reachable with the keyboard.
    page.focus("#tab-question")
    page.keyboard.press("ArrowRight")
    assert page.get_attribute("#tab-hints", "aria-selected") == "true"
    assert page.is_visible("#panel-hints") and not page.is_visible("#panel-question")
    hints = page.locator("[data-hint]")
    if hints.count() > 1:
        assert not hints.nth(1).is_visible(), "hint 2 is shown before hint 1 is opened"
        hints.nth(0).locator("summary").click()
        # <details> fires "toggle" as a task after the click: wait for the next hint, do not race it.
        hints.nth(1).wait_for(state="visible", timeout=5000)
    page.click("#tab-run")
    assert page.is_visible(f"text=dojo grade {ex.slug}")


def test_copy_button_puts_the_starter_on_the_clipboard(catalog: Catalog, browser, server: str) -> None:
    ex = first_exercise(catalog)
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
        page = ctx.new_page()
        page.goto(f"{server}/problems/{ex.slug}.html")
        page.click('[data-copy="starter-src"]')
        page.wait_for_selector('[data-copy="starter-src"].copied')
        assert page.evaluate("navigator.clipboard.readText()") == ex.starter_path.read_text(encoding="utf-8")
    finally:
        ctx.close()


def test_mark_as_solved_survives_a_reload_and_shows_on_the_index(catalog: Catalog, site: BuildResult, context) -> None:
    ex = first_exercise(catalog)
    ARTIFACTS.mkdir(exist_ok=True)
    page = context.new_page()
    page.goto(url(site, f"problems/{ex.slug}.html"))
    toggle = page.locator("[data-solved-toggle]")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    page.reload()
    assert page.get_attribute("[data-solved-toggle]", "aria-pressed") == "true"
    page.goto(url(site, "index.html"))
    assert "solved" in (page.locator(f'.row[data-slug="{ex.slug}"]').get_attribute("class") or "").split()
    assert page.inner_text("[data-solved-count]") == "1"
    assert page.locator(".row.solved").count() == 1
    page.screenshot(path=str(ARTIFACTS / "index-solved.png"))

    # The theme toggle is remembered the same way.
    page.click("[data-theme-toggle]")
    page.reload()
    assert page.get_attribute("html", "data-theme") == "light"
    page.screenshot(path=str(ARTIFACTS / "index-light.png"))


def test_solution_tab_only_in_a_solutions_build(catalog: Catalog, site_with_solutions: BuildResult, context) -> None:
    ex = next((e for e in catalog.exercises if e.reference_path.is_file()), None)
    if ex is None:
        pytest.skip("no exercise has a reference solution")
    page = context.new_page()
    page.goto(url(site_with_solutions, f"problems/{ex.slug}.html"))
    page.click("#tab-solution")
    assert page.is_visible("#panel-solution")
    assert page.locator("#panel-solution .hl span.k").count() > 0
    page.screenshot(path=str(ARTIFACTS / "problem-solution.png"))


def test_phone_layout_stacks_the_panes(catalog: Catalog, site: BuildResult, browser) -> None:
    ex = math_exercise(catalog)
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    try:
        page = ctx.new_page()
        page.goto(url(site, f"problems/{ex.slug}.html"))
        left = page.locator(".pane-left").bounding_box()
        right = page.locator(".pane-right").bounding_box()
        assert left and right and right["y"] >= left["y"] + left["height"] - 1, "panes should stack on a phone"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways on a phone"
        page.screenshot(path=str(ARTIFACTS / "problem-phone.png"))
    finally:
        ctx.close()
