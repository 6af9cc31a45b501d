"""The static site's pages, checked without a browser: test-case cards, math, headings, the
not-found page, descriptions, the about page, the palettes. Chromium checks what needs a layout
(test_site_browser.py)."""
from __future__ import annotations

import builtins
import html
import json
import re
import subprocess
import sys
import symtable
import textwrap
from pathlib import Path

import pytest

from grader.catalog import Catalog, load_catalog, project_root
from grader.site.build import BuildResult, build_site
from grader.site.examples import unique_titles, visible_tests
from grader.site.highlight import contrast, readable, style_css
from grader.site.markdown import display_math, summary, tex_to_mathml, top_level_parts, unescape_text_args

CASE_RE = re.compile(r'<li class="case" data-test="([^"]*)">(.*?)</li>', re.S)
PART_RE = re.compile(r'<div class="case-part"><span class="case-label">(Input|Expected)</span>(.*?)</div>', re.S)
TITLE_RE = re.compile(r'<span class="case-title">(.*?)</span>')
HEADING_RE = re.compile(r"<h([1-6])\b")
MATH_TOKEN_RE = re.compile(r"<(mi|mo|mn|mtext|ms)\b[^>]*>(.*?)</\1>", re.S)


def text_of_block(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def problem_page(site: BuildResult, slug: str) -> str:
    return (site.out / "problems" / f"{slug}.html").read_text(encoding="utf-8")


def cards(markup: str) -> list[tuple[str, str, str, str]]:
    """(test name, title, input code, expected code) of every Test Cases card, as the page shows them."""
    out = []
    for name, body in CASE_RE.findall(markup):
        parts = dict((label, text_of_block(code)) for label, code in PART_RE.findall(body))
        title = text_of_block(TITLE_RE.search(body).group(1))
        out.append((html.unescape(name), title, parts.get("Input", ""), parts.get("Expected", "")))
    return out


def free_names(code: str) -> set[str]:
    """Names the code reads but never binds anywhere (symtable: Python's own scoping rules)."""
    table = symtable.symtable(code, "card", "exec")
    bound = {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported() or s.is_namespace()}
    free: set[str] = set()

    def walk(t: symtable.SymbolTable) -> None:
        for sym in t.get_symbols():
            global_read = sym.is_global() or (t.get_type() == "module" and sym.is_referenced())
            if global_read and sym.get_name() not in bound:
                free.add(sym.get_name())
        for child in t.get_children():
            walk(child)

    walk(table)
    return free - set(dir(builtins)) - {"__file__", "__name__"}  # a card runs from the exercise's folder


# ---------------------------------------------------------------- Test Cases tab


def test_every_card_is_self_contained(catalog: Catalog, site: BuildResult) -> None:
    """Does every visible test's card define everything it uses (no `X`, `DOCS` or helper from the
    top of the test file that the card does not show)?"""
    checked = 0
    for ex in catalog.exercises:
        shown = cards(problem_page(site, ex.slug))
        assert len(shown) == len(visible_tests(ex.test_path.read_text(encoding="utf-8"))), ex.slug
        for name, title, given, expected in shown:
            assert expected.strip(), f"{ex.slug} {name}: no Expected part"
            missing = free_names(given + "\n" + expected)
            assert not missing, f"{ex.slug} {title}: the card uses {sorted(missing)} without defining them"
            checked += 1
    assert checked > 0


def test_a_card_takes_module_data_helpers_and_imports() -> None:
    source = textwrap.dedent('''
        import numpy as np
        from mha import mha, unused

        X = np.ones(3)
        Y = X * 2
        UNRELATED = 5

        def helper(a):
            return a + Y

        def test_example_1_uses_helper():
            out = helper(mha(X))
            assert out.shape == (3,)

        def test_example_1_other():
            np.testing.assert_allclose(mha(X), X)
    ''')
    first, second = visible_tests(source)
    assert "Y = X * 2" in first.input_code and "def helper(a):" in first.input_code and "X = np.ones(3)" in first.input_code
    assert "UNRELATED" not in first.input_code and "unused" not in first.input_code.split("from mha import")[0]
    assert first.input_code.index("X = np.ones(3)") < first.input_code.index("Y = X * 2") < first.input_code.index("out = helper")
    assert first.expected_code == "assert out.shape == (3,)"
    assert "helper" not in second.input_code and second.expected_code.startswith("np.testing.assert_allclose")
    assert (first.title, second.title) == ("Example 1a: uses helper", "Example 1b: other")
    assert free_names(first.source) == set() and free_names(second.source) == set()


def test_a_card_turns_parametrize_and_fixtures_into_code() -> None:
    source = textwrap.dedent('''
        import pytest
        from m import f

        @pytest.fixture
        def data():
            return [1, 2]

        @pytest.mark.parametrize("n, want", [(1, 2), (2, 3)])
        def test_plus_one(n, want, data):
            assert f(n) == want and data
    ''')
    (card,) = visible_tests(source)
    assert "for n, want in [(1, 2), (2, 3)]:" in card.input_code and "data = data()" in card.input_code
    assert free_names(card.source) == set()
    namespace: dict[str, object] = {"__name__": "card"}
    sys.modules["m"] = type(sys)("m")
    sys.modules["m"].f = lambda n: n + 1  # type: ignore[attr-defined]
    try:
        exec(compile(card.source, "card", "exec"), namespace)  # the card runs as it stands
    finally:
        del sys.modules["m"]


def test_titles_are_unique_on_every_page(catalog: Catalog, site: BuildResult) -> None:
    for ex in catalog.exercises:
        titles = [title for _, title, _, _ in cards(problem_page(site, ex.slug))]
        assert len(titles) == len(set(titles)), f"{ex.slug}: repeated card titles {titles}"
    assert unique_titles(["Example 1: a", "Example 1: b", "Example 2", "Shapes", "Shapes"]) == \
        ["Example 1a: a", "Example 1b: b", "Example 2", "Shapes", "Shapes (2)"]


@pytest.mark.slow
def test_every_card_runs_against_the_reference(catalog: Catalog, tmp_path: Path, site: BuildResult) -> None:
    """Each card, run as a script with the reference solution as the learner's module, passes: the
    card shows a complete example, not a fragment."""
    jobs = []
    for ex in catalog.exercises:
        if not ex.reference_path.is_file():
            continue
        for name, _, given, expected in cards(problem_page(site, ex.slug)):
            jobs.append({"slug": ex.slug, "name": name, "module": ex.module, "folders": [str(ex.solution_dir), str(ex.dir)],
                         "file": str(ex.test_path),
                         "code": given + "\n" + expected})
    if not jobs:
        pytest.skip("no reference solutions in this catalog")
    runner = textwrap.dedent('''
        import json, sys, traceback
        failures = []
        for job in json.load(open(sys.argv[1])):
            saved = list(sys.path)
            sys.path[:0] = job["folders"]
            sys.modules.pop(job["module"], None)
            try:
                exec(compile(job["code"], job["slug"] + " " + job["name"], "exec"), {"__name__": "card", "__file__": job["file"]})
            except BaseException:
                failures.append(job["slug"] + " " + job["name"] + ": " + traceback.format_exc(limit=2)[-600:])
            finally:
                sys.path[:] = saved
        print(json.dumps(failures))
    ''')
    (tmp_path / "jobs.json").write_text(json.dumps(jobs))
    (tmp_path / "runner.py").write_text(runner)
    done = subprocess.run([sys.executable, str(tmp_path / "runner.py"), str(tmp_path / "jobs.json")], cwd=tmp_path,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    failures = json.loads(done.stdout.strip().splitlines()[-1])
    assert failures == [], "\n\n".join(failures)


# ---------------------------------------------------------------- math


def test_no_literal_tex_in_rendered_math(catalog: Catalog, site: BuildResult) -> None:
    """No backslash command, escaped underscore or row spacing like [2mm] survives into the
    text of the MathML, and no formula falls back to raw TeX."""
    for ex in catalog.exercises:
        markup = problem_page(site, ex.slug)
        assert 'class="tex"' not in markup, f"{ex.slug}: a formula could not be converted and shows as TeX"
        for tag, content in MATH_TOKEN_RE.findall(markup):
            text = html.unescape(re.sub(r"<[^>]+>", "", content))
            assert "\\" not in text, f"{ex.slug}: literal TeX {text!r} in <{tag}>"
            assert not re.fullmatch(r"\d+(mm|pt|em|ex)", text.strip()), f"{ex.slug}: row spacing {text!r} printed"


def test_text_escapes_and_row_spacing() -> None:
    assert unescape_text_args(r"\text{lr\_max} + a\_b + \texttt{ignore\_index} \text{a \{b\}}") == \
        r"\text{lr_max} + a\_b + \texttt{ignore_index} \text{a \{b\}}"
    mathml = tex_to_mathml(r"\text{lr\_min} \\[2mm] \text{A \& B}", True)
    assert "<mtext>lr_min</mtext>" in mathml and "2mm" not in mathml.split(">", 1)[1]
    assert "A&#x000A0;&amp;&#x000A0;B" in mathml or "A &amp; B" in mathml


def test_wide_display_math_is_cut_into_equations() -> None:
    assert top_level_parts(r"a = 1, \qquad b = \left(2, \quad 3\right),\quad c = \{x, \quad y\}") == \
        ["a = 1,", r"b = \left(2, \quad 3\right),", r"c = \{x, \quad y\}"]
    assert top_level_parts(r"f\big(x, \qquad y\big)") == [r"f\big(x, \qquad y\big)"]  # inside brackets: kept
    assert top_level_parts(r"{a \qquad b}") == [r"{a \qquad b}"]
    out = display_math(r"\begin{cases} a = 1,\quad r = 2 & x > 0 \\ 0 & \text{else} \end{cases} \qquad y = 3")
    assert out.count("<math ") == 2 and "<mtable" in out
    assert out.count("<mtr>") >= 4, "the cell holding two equations becomes a one-column array"


# ---------------------------------------------------------------- structure


def test_heading_levels_never_skip(site: BuildResult, site_with_solutions: BuildResult) -> None:
    for out in (site.out, site_with_solutions.out):
        for page in sorted(out.rglob("*.html")):
            levels = [int(n) for n in HEADING_RE.findall(page.read_text(encoding="utf-8"))]
            assert levels and levels[0] == 1 and levels.count(1) == 1, f"{page.relative_to(out)}: {levels[:8]}"
            for before, after in zip(levels, levels[1:]):
                assert after <= before + 1, f"{page.relative_to(out)}: h{before} is followed by h{after}"


def test_each_problem_page_has_its_own_description(catalog: Catalog, site: BuildResult) -> None:
    seen: dict[str, str] = {}
    for ex in catalog.exercises:
        m = re.search(r'<meta name="description" content="([^"]*)">', problem_page(site, ex.slug))
        assert m, ex.slug
        text = html.unescape(m.group(1))
        assert 40 <= len(text) <= 161, f"{ex.slug}: {text!r}"
        assert text not in seen, f"{ex.slug} and {seen.get(text)} share a description"
        seen[text] = ex.slug
    first = "A first sentence long enough to say what the problem is about."
    assert summary(f"# T\n\n{first} Then a second one that goes on " + "and on " * 30) == first
    assert summary("# T\n\nShort. " + "word " * 60).endswith("…")
    assert summary("# T\n\n**Inputs**\n\nThe real intro $x$.") == "The real intro x."


def test_not_found_page_works_at_any_depth(tiny_root: Path, tmp_path: Path) -> None:
    """The host serves 404.html at the missing URL, however deep: its links and styles come from a <base>."""
    catalog = load_catalog(tiny_root)
    page = (build_site(catalog, tmp_path / "a").out / "404.html").read_text(encoding="utf-8")
    assert '<base href="/">' in page
    assert 'href="static/style.css"' in page and 'href="index.html"' in page and "../" not in page
    published = (build_site(catalog, tmp_path / "b", base_url="/transformer-dojo/").out / "404.html").read_text(encoding="utf-8")
    assert '<base href="/transformer-dojo/">' in published
    index = (tmp_path / "b" / "index.html").read_text(encoding="utf-8")
    assert "<base" not in index, "only the not-found page needs a base; the others work from file:// too"


def test_base_url_option(tiny_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from grader.cli import main

    monkeypatch.setenv("DOJO_ROOT", str(tiny_root))
    assert main(["site", "build", "--out", str(tmp_path / "o"), "--base-url", "course/dojo"]) == 0
    assert '<base href="/course/dojo/">' in (tmp_path / "o" / "404.html").read_text(encoding="utf-8")
    assert main(["site", "build", "--out", str(tmp_path / "o"), "--base-url", "https://x.org/"]) == 2


def test_noscript_shows_every_panel(site: BuildResult) -> None:
    """Without JavaScript, the stylesheet loaded in <noscript> must beat `[hidden] {display: none !important}`."""
    page = next((site.out / "problems").glob("*.html")).read_text(encoding="utf-8")
    assert re.search(r'<noscript><link rel="stylesheet" href="\.\./static/noscript\.css"></noscript>', page)
    css = (site.out / "static" / "noscript.css").read_text(encoding="utf-8")
    rule = re.search(r'\[role="tabpanel"\]\[hidden\]\s*\{([^}]*)\}', css)
    assert rule and "display: block !important" in rule.group(1)
    style = (site.out / "static" / "style.css").read_text(encoding="utf-8")
    assert "[hidden] { display: none !important; }" in style, "the rule noscript.css has to beat is still there"
    for panel in ("panel-hints", "panel-run", "panel-tests"):
        assert f'id="{panel}"' in page


def test_about_page_install_matches_the_readme(site: BuildResult) -> None:
    about = text_of_block((site.out / "about.html").read_text(encoding="utf-8"))
    readme = (project_root() / "README.md").read_text(encoding="utf-8")
    assert "<this repository>" not in about and "git clone" not in about
    commands = [line.split("#")[0].strip() for line in about.split("Install", 1)[1].split("Solve a problem")[0].splitlines()]
    commands = [c for c in commands if c.startswith(("bash ", ". ", "pip ", "python ", "dojo "))]
    assert commands, "the install section lists no command"
    for command in commands:
        assert command in readme, f"the about page says `{command}`, the README does not"
    assert not any(c.startswith("pip install -e .") for c in commands), "a plain pip install -e . may pull a CUDA torch"
    assert "torch==2.13.0" in about and "torch==2.13.0" in readme


# ---------------------------------------------------------------- colours


def test_light_palette_is_the_same_for_the_toggle_and_the_os(site: BuildResult) -> None:
    css = (site.out / "static" / "style.css").read_text(encoding="utf-8")
    chosen = re.search(r':root\[data-theme="light"\] \{(.*?)\}', css, re.S).group(1)
    from_os = re.search(r'@media \(prefers-color-scheme: light\) \{\s*:root:not\(\[data-theme="dark"\]\) \{(.*?)\}', css, re.S).group(1)
    norm = lambda block: [line.strip() for line in block.strip().splitlines()]  # noqa: E731
    assert norm(chosen) == norm(from_os)


def test_code_colours_are_readable() -> None:
    css = style_css()
    colours: dict[str, list[str]] = {}
    for line in css.splitlines():
        for colour in re.findall(r"(?<![-\w])color: (#[0-9a-fA-F]{6})", line):
            light = ':root[data-theme="light"]' in line or ':not([data-theme="dark"])' in line
            dark = ':root[data-theme="dark"]' in line or ':not([data-theme="light"])' in line
            assert light != dark, f"a token rule for both themes or neither: {line}"
            theme = "light" if light else "dark"
            background = "#f7f7fa" if theme == "light" else "#121216"
            assert contrast(colour, background) >= 4.5, f"{line.strip()}: {contrast(colour, background):.2f}"
            colours.setdefault(theme, []).append(colour)
    assert colours.get("dark") and colours.get("light")
    assert readable("#60a0b0", "#f7f7fa") != "#60a0b0" and contrast(readable("#60a0b0", "#f7f7fa"), "#f7f7fa") >= 4.6
    assert readable("#1b1b21", "#f7f7fa") == "#1b1b21"
