"""The class report, its side-by-side pages and the feedback pages in real headless Chromium.

Driven by Playwright's sync API against Debian's Chromium (never `playwright install`), as the site's
browser tests are. Screenshots go to test-artifacts/ for people to look at.
"""
from __future__ import annotations

import random
import re
import time
from pathlib import Path
from typing import Iterator

import pytest

from grader.catalog import project_root
from grader.classroom.gradebook import CaseRow, GradeRow
from grader.classroom.report import build_report
from grader.cli import main

from .conftest import class_exercises
from .course_class import ANA, BEN, CAT, EVE, build

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
    """A fresh profile that records every request and script error; the pages must make no request
    beyond their own files."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    ctx.requests = []  # type: ignore[attr-defined]
    ctx.errors = []  # type: ignore[attr-defined]
    ctx.on("request", lambda req: ctx.requests.append(req.url))
    ctx.on("page", lambda page: page.on("pageerror", lambda err: ctx.errors.append(str(err))))
    yield ctx
    outside = [u for u in ctx.requests if not u.startswith("file://")]
    ctx.close()
    assert not outside, f"requests left the page: {outside}"
    assert not ctx.errors, f"script errors: {ctx.errors}"


@pytest.fixture(scope="module")
def course(tmp_path_factory, dojo_catalog) -> tuple[Path, Path]:
    """A graded course (zips layout: roster, deadlines, an override), its report and its feedback."""
    klass = build(tmp_path_factory.mktemp("course") / "class", "zips", class_exercises(dojo_catalog))
    gradebook = klass.root.parent / "gradebook.sqlite"
    assert main(["grade-batch", str(klass.root), "--gradebook", str(gradebook), "--course", str(klass.course)]) == 0
    assert main(["gradebook", "override", BEN.key, klass.exercises[0].slug, "8", "--comment", "see e-mail",
                 "--gradebook", str(gradebook)]) == 0
    report, feedback = klass.root.parent / "report", klass.root.parent / "feedback"
    assert main(["report", str(report), "--gradebook", str(gradebook)]) == 0
    assert main(["feedback", str(feedback), "--gradebook", str(gradebook), "--no-zip"]) == 0
    return report, feedback


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def _totals(page) -> list[float]:
    return [float(v) for v in page.eval_on_selector_all("table.class-table tbody td.total",
                                                         "cells => cells.map(c => c.dataset.v)")]


def test_the_class_table_sorts_and_says_what_applied(context, course):
    report, _ = course
    page = context.new_page()
    page.goto((report / "index.html").as_uri())
    names = page.eval_on_selector_all("table.class-table tbody td.name a", "a => a.map(x => x.textContent)")
    assert sorted(names) == sorted(p.name for p in (ANA, BEN, CAT, EVE))
    page.click("table.class-table th.total")
    assert _totals(page) == sorted(_totals(page))
    assert page.get_attribute("table.class-table th.total", "aria-sort") == "ascending"
    page.click("table.class-table th.total")
    assert _totals(page) == sorted(_totals(page), reverse=True)
    page.click("table.class-table th.name")
    assert page.eval_on_selector_all("table.class-table tbody td.name", "c => c.map(x => x.dataset.v)") == \
        sorted(names, key=str.lower)
    ben = page.locator("table.class-table tbody tr", has_text=BEN.name)
    override = ben.locator("td.override")
    assert override.count() == 1 and "override 8" in override.get_attribute("title")
    assert ben.locator("td sup").count() >= 1  # Ben's late penalty is marked
    eve = page.locator("table.class-table tbody tr", has_text=EVE.name)
    assert eve.locator("td.not-submitted").count() == 2
    _shot(page, "class-report.png")


def test_the_side_by_side_page_highlights_the_shared_lines(context, course):
    report, _ = course
    page = context.new_page()
    page.goto((report / "index.html").as_uri())
    row = page.locator("table.similar tbody tr", has_text=CAT.name).filter(has_text=ANA.name)
    assert row.count() == 1 and "same once normalised" in row.inner_text()
    row.locator("a", has_text="compare").click()
    page.wait_for_selector(".side-by-side")
    sides = page.locator(".side-by-side figure")
    assert sides.count() == 2
    for i in range(2):
        assert sides.nth(i).locator(".line.match").count() >= 3
    colour = page.eval_on_selector(".line.match", "e => getComputedStyle(e).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    _shot(page, "side-by-side.png")


def test_a_feedback_page_stands_alone(context, course):
    """Opened from disk, a feedback page loads nothing but itself, has its style inline and no link."""
    _, feedback = course
    (page_file,) = [p for p in feedback.glob("*.html") if p.name.startswith("Ben-Smith")]
    page = context.new_page()
    page.goto(page_file.as_uri())
    assert context.requests == [page_file.as_uri()]
    assert page.locator("a").count() == 0
    assert page.eval_on_selector("h1", "e => getComputedStyle(e.closest('main')).maxWidth") == "960px"  # inline CSS applied
    assert "see e-mail" in page.inner_text("body") and "2 day(s) late" in page.inner_text("body")
    _shot(page, "feedback.png")


def big_class(students: int = 500, exercises: int = 64, seed: int = 3) -> list[GradeRow]:
    rng = random.Random(seed)
    rows = []
    for s in range(students):
        for e in range(exercises):
            name, slug = f"Student {s:03d}", f"exercise-number-{e:02d}"
            if rng.random() < 0.03:
                rows.append(GradeRow(name, slug, f"Exercise {e}", 0.0, 10.0, "error", "not handed in", missing=True))
                continue
            passed = [rng.random() < 0.8 for _ in range(5)]
            cases = tuple(CaseRow(f"case_{k}", ok, "" if ok else "output differs") for k, ok in enumerate(passed))
            rows.append(GradeRow(name, slug, f"Exercise {e}", round(2.0 * sum(passed), 2), 10.0,
                                 "passed" if all(passed) else "partial" if any(passed) else "failed", None, cases,
                                 isolation="namespaces"))
    return rows


@pytest.mark.slow
def test_the_class_table_stays_usable_at_500_students_and_64_exercises(context, tmp_path):
    """At full size the table scrolls in its own box with the header, the names and the totals in view,
    and sorts in well under a second or two."""
    started = time.perf_counter()
    build_report(tmp_path, big_class(), [], project_root() / "site")
    built = time.perf_counter() - started
    assert built < 120, f"the report took {built:.0f} s to build"
    page = context.new_page()
    page.goto((tmp_path / "index.html").as_uri())
    assert page.locator("table.class-table tbody tr").count() == 500
    assert page.locator("table.class-table thead th.ex").count() == 64
    box = page.locator(".scroll")
    page.eval_on_selector(".scroll", "e => { e.scrollLeft = e.scrollWidth; e.scrollTop = e.scrollHeight; }")
    page.wait_for_timeout(100)
    outer = box.bounding_box()
    assert page.eval_on_selector(".scroll", "e => e.scrollLeft") > 0  # it did scroll: the table is wider
    last_row = page.locator("table.class-table tbody tr").last
    name, total = last_row.locator("td.name").bounding_box(), last_row.locator("td.total").bounding_box()
    head = page.locator("table.class-table thead th.name").bounding_box()
    assert abs(name["x"] - outer["x"]) < 3, "the names scrolled away"
    assert abs((total["x"] + total["width"]) - (outer["x"] + outer["width"])) < 20, "the totals scrolled away"
    assert abs(head["y"] - outer["y"]) < 3, "the header scrolled away"
    started = time.perf_counter()
    page.click("table.class-table th.total")
    page.wait_for_function("document.querySelector('table.class-table th.total').getAttribute('aria-sort')")
    assert time.perf_counter() - started < 5
    totals = _totals(page)
    assert totals == sorted(totals) and len(totals) == 500
    # the most common failure names nobody
    exercises = page.inner_text("table.grid >> nth=0")
    assert not re.search(r"Student \d{3}", exercises)
