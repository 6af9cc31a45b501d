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
    """The learner build over http://127.0.0.1 (clipboard permissions need an http origin); a
    missing path gets 404.html, as GitHub Pages serves it, at whatever depth was asked."""
    handler = functools.partial(_SiteHandler, directory=str(site.out))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep pytest output clean
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


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


def test_mark_as_solved_survives_a_reload_and_shows_on_the_index(catalog: Catalog, server: str, context) -> None:
    ex = first_exercise(catalog)
    ARTIFACTS.mkdir(exist_ok=True)
    page = context.new_page()
    page.goto(f"{server}/problems/{ex.slug}.html")
    toggle = page.locator("[data-solved-toggle]")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    page.reload()
    assert page.get_attribute("[data-solved-toggle]", "aria-pressed") == "true"
    page.goto(f"{server}/index.html")
    assert "solved" in (page.locator(f'.row[data-slug="{ex.slug}"]').get_attribute("class") or "").split()
    assert page.inner_text("[data-solved-count]") == "1"
    assert page.locator(".row.solved").count() == 1
    page.screenshot(path=str(ARTIFACTS / "index-solved.png"))

    # Clearing the marks asks first: declining keeps them, accepting clears them.
    page.goto(f"{server}/about.html")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("[data-reset-progress]")
    assert page.inner_text("[data-reset-status]") == "Kept your solved marks."
    assert page.evaluate("localStorage.getItem('dojo-solved')") == f'["{ex.slug}"]'
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-reset-progress]")
    assert page.inner_text("[data-reset-status]") == "Solved marks cleared."
    page.goto(f"{server}/index.html")
    assert page.inner_text("[data-solved-count]") == "0"


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


# ---------------------------------------------------------------- the review's defects, measured in the browser

FOCUS_VISIBLE_JS = """() => {
  // The focused element is visible when what the browser would hit at its centre and near its top
  // edge is the element itself (or inside it), not a sticky bar painted over it.
  const el = document.activeElement;
  const r = el.getBoundingClientRect();
  const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
  const points = [r.top + r.height / 2, r.top + Math.min(3, r.height / 2)];
  const shown = points.every(y => { if (y < 0 || y >= innerHeight) return false;
                                    const hit = document.elementFromPoint(x, y); return !!hit && (hit === el || el.contains(hit)); });
  return {shown, top: r.top, tag: el.tagName, text: (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30),
          cover: (document.elementFromPoint(x, Math.max(0, r.top + 2)) || {}).className || ''};
}"""


def _pages_for_contrast(catalog: Catalog) -> list[str]:
    figure = next((ex for ex in catalog.exercises if ex.slug == "sdpa"), None) or math_exercise(catalog)
    track = next(t for t in catalog.tracks if t.exercises)
    return ["index.html", "about.html", f"tracks/{track.slug}.html", f"problems/{figure.slug}.html", "no/such/page.html"]


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_text_contrast_meets_wcag_aa(catalog: Catalog, browser, server: str, scheme: str, contrast_failures) -> None:
    """Every visible piece of text, in every tab of a problem page, the index (with a solved and an
    unsolved row), about, a track and the 404 page: 4.5:1 at least (3:1 for large text), computed
    from the colours Chromium resolved."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 900}, color_scheme=scheme)
    try:
        page = ctx.new_page()
        page.goto(f"{server}/index.html")
        page.evaluate(f"localStorage.setItem('dojo-solved', JSON.stringify(['{catalog.exercises[0].slug}']))")
        failures: list[str] = []
        for rel in _pages_for_contrast(catalog):
            page.goto(f"{server}/{rel}")
            assert page.evaluate("getComputedStyle(document.documentElement).colorScheme") == scheme
            failures += [f"{rel}: {f}" for f in contrast_failures(page)]
            for tab in page.locator('[role="tab"]').all():
                tab.click()
                for hint in page.locator("[data-hint]:visible summary").all()[:1]:
                    hint.click()
                failures += [f"{rel} ({tab.inner_text().strip()}): {f}" for f in contrast_failures(page)]
        assert not failures, "\n".join(sorted(set(failures)))
    finally:
        ctx.close()


def test_keyboard_focus_is_never_under_the_sticky_bars(server: str, browser) -> None:
    """Tab through the index and back: every focused element shows, never under the top bar or the
    sticky filters."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = ctx.new_page()
        page.goto(f"{server}/index.html")
        hidden = []
        # Forward, then back up: going back, the browser scrolls each stop to the top edge, where
        # the sticky bars are.
        for stop, key in enumerate(["Tab"] * 35 + ["Shift+Tab"] * 30):
            page.keyboard.press(key)
            info = page.evaluate(FOCUS_VISIBLE_JS)
            if not info["shown"]:
                hidden.append(f"stop {stop} ({key}): <{info['tag']}> {info['text']!r} at y={info['top']:.0f}, covered by {info['cover']!r}")
        assert not hidden, "\n".join(hidden)
    finally:
        ctx.close()


@pytest.mark.slow
def test_every_page_fits_desktop_and_phone(catalog: Catalog, site: BuildResult, browser) -> None:
    """At 1440 px every display formula fits its pane (wrapped or scaled, not scrolled); at 390 px
    no page scrolls sideways (long code wraps, figures and formulas scroll in their own box)."""
    pages = ["index.html", "about.html", *[f"tracks/{t.slug}.html" for t in catalog.tracks],
             *[f"problems/{ex.slug}.html" for ex in catalog.exercises]]
    wide_failures: list[str] = []
    phone_failures: list[str] = []
    desk = browser.new_context(viewport={"width": 1440, "height": 900})
    phone = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    try:
        wide, narrow = desk.new_page(), phone.new_page()
        for rel in pages:
            wide.goto(url(site, rel))
            wide.wait_for_timeout(50)  # app.js fits formulas from a ResizeObserver callback
            over = wide.evaluate("""() => Array.from(document.querySelectorAll('.math.block'))
                .filter(b => b.scrollWidth > b.clientWidth + 1).map(b => b.scrollWidth + ' > ' + b.clientWidth)""")
            if over:
                wide_failures.append(f"{rel}: {over}")
            narrow.goto(url(site, rel))
            width = narrow.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                culprit = narrow.evaluate("""() => Array.from(document.querySelectorAll('body *'))
                    .filter(e => e.getBoundingClientRect().right > 391).slice(-1).map(e => e.tagName + '.' + e.className)""")
                phone_failures.append(f"{rel}: {width}px wide ({culprit})")
    finally:
        desk.close()
        phone.close()
    assert not wide_failures, "display math wider than its pane at 1440 px:\n" + "\n".join(wide_failures)
    assert not phone_failures, "pages wider than a 390 px phone:\n" + "\n".join(phone_failures)


def test_rendered_statement_shows_no_tex(catalog: Catalog, site: BuildResult, context) -> None:
    """What a reader sees of the statements the review flagged: no backslash command, no [2mm]."""
    flagged = ["adafactor", "cosine-schedule", "cross-entropy", "logit-diff", "path-expansion", "prompt-assembly",
               "qk-ov-circuits", "sae-resample"]
    slugs = [s for s in flagged if any(ex.slug == s for ex in catalog.exercises)] or [math_exercise(catalog).slug]
    page = context.new_page()
    for slug in slugs:
        page.goto(url(site, f"problems/{slug}.html"))
        text = page.evaluate("""() => { const copy = document.querySelector('.statement').cloneNode(true);
            copy.querySelectorAll('pre, :not(pre) > code').forEach(n => n.remove()); return copy.innerText; }""")
        assert "\\" not in text, f"{slug}: {text[max(0, text.index(chr(92)) - 60):text.index(chr(92)) + 30]!r}"
        assert "[2mm]" not in text and "$" not in text, slug


def test_not_found_page_is_styled_at_a_nested_url(server: str, context) -> None:
    page = context.new_page()
    response = page.goto(f"{server}/problems/renamed/deeper/missing.html")
    assert response is not None and response.status == 404
    assert page.evaluate("getComputedStyle(document.querySelector('.btn.primary')).borderRadius") == "8px", "the stylesheet did not load"
    page.click("text=Browse all problems")
    page.wait_for_url(f"{server}/index.html")
    assert page.locator(".row[data-slug]").count() > 0


def test_without_javascript_hints_and_run_locally_open(catalog: Catalog, site: BuildResult, browser) -> None:
    ex = next((e for e in catalog.exercises if e.hints_path.is_file()), None) or first_exercise(catalog)
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800})
    try:
        page = ctx.new_page()
        page.goto(url(site, f"problems/{ex.slug}.html"))
        assert page.is_visible("#panel-hints") and page.is_visible("#panel-run") and page.is_visible("#panel-tests")
        assert page.is_visible(f"#panel-run >> text=dojo grade {ex.slug}")
        if ex.hints_path.is_file():
            page.locator("#panel-hints summary").first.click()
            assert page.locator("#panel-hints .hint-body").first.is_visible()
        assert not page.is_visible('[role="tablist"]'), "tabs that cannot switch are hidden without JavaScript"
        assert page.locator("#panel-run h2.panel-heading").is_visible()
    finally:
        ctx.close()


def test_phone_header_figures_and_code(catalog: Catalog, site: BuildResult, browser) -> None:
    """On a phone: Copy stays on screen, figure labels are at least 9 px, nothing scrolls sideways."""
    ex = next((e for e in catalog.exercises if e.slug == "sinusoidal-pe"), None) or next(
        (e for e in catalog.exercises if 'class="fig"' in (site.out / "problems" / f"{e.slug}.html").read_text(encoding="utf-8")), None)
    if ex is None:
        pytest.skip("no exercise with a figure")
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    try:
        page = ctx.new_page()
        page.goto(url(site, f"problems/{ex.slug}.html"))
        copy = page.locator('[data-copy="starter-src"]').bounding_box()
        assert copy and copy["x"] >= 0 and copy["x"] + copy["width"] <= 390, f"Copy is off-screen: {copy}"
        smallest = page.evaluate("""() => Math.min(...Array.from(document.querySelectorAll('.fig svg text')).map(t => {
            const svg = t.ownerSVGElement; const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return parseFloat(getComputedStyle(t).fontSize) * scale; }))""")
        assert smallest >= 8.9, f"a figure label renders at {smallest:.1f} px"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(ARTIFACTS / "problem-phone-figure.png"), full_page=True)
    finally:
        ctx.close()


def test_theme_follows_the_os_until_chosen(server: str, browser) -> None:
    ctx = browser.new_context(color_scheme="light")
    try:
        page = ctx.new_page()
        page.goto(f"{server}/index.html")
        bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert page.get_attribute("html", "data-theme") is None and bg == "rgb(246, 246, 248)", bg
        page.emulate_media(color_scheme="dark")
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(15, 15, 18)"
        page.click("[data-theme-toggle]")  # dark now: the toggle chooses light, and that sticks
        page.emulate_media(color_scheme="dark")
        page.reload()
        assert page.get_attribute("html", "data-theme") == "light"
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(246, 246, 248)"
    finally:
        ctx.close()


def test_closing_a_hint_keeps_the_next_one(catalog: Catalog, server: str, context) -> None:
    ex = next((e for e in catalog.exercises if e.hints_path.is_file() and e.hints_path.read_text().count("## Hint") >= 2), None)
    if ex is None:
        pytest.skip("no exercise with two hints")
    page = context.new_page()
    page.goto(f"{server}/problems/{ex.slug}.html")
    page.click("#tab-hints")
    hints = page.locator("[data-hint]")
    hints.nth(0).locator("summary").click()
    hints.nth(1).wait_for(state="visible", timeout=5000)
    hints.nth(0).locator("summary").click()  # close hint 1
    page.wait_for_timeout(100)
    assert hints.nth(1).is_visible(), "closing hint 1 hid hint 2"
    page.reload()
    page.click("#tab-hints")
    assert page.locator("[data-hint]").nth(1).is_visible(), "the opened hints are remembered"
