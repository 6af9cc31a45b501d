"""The static site, built without a browser: pages, links, math and the absence of solutions."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from markupsafe import escape

from grader.catalog import Catalog, load_catalog
from grader.cli import main
from grader.errors import UsageError
from grader.site.build import BuildResult, build_site
from grader.site.highlight import code_block
from grader.site.markdown import render_statement

HREF_RE = re.compile(r'(?:href|src)="([^"]*)"')
BASE_RE = re.compile(r'<base href="([^"]*)">')


def html_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def statement_of(markup: str) -> str:
    start = markup.index('<div class="statement">')
    end = markup.index('<nav class="prevnext"', start)
    return markup[start:end]


def _norm(text: str) -> str:
    # Letters and digits only: a statement may spell a line with math or backticks around its parts.
    return re.sub(r"[^A-Za-z0-9]", "", text)


def code_lines(path: Path) -> list[str]:
    """The stripped lines of a Python file long enough to be telling (no imports, docstring ends, comments)."""
    lines = (raw.strip() for raw in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if len(line) >= 16 and not line.startswith(('"""', "'''", "import ", "from ", "#"))]


def learner_text(ex) -> str:
    files = [ex.readme_path, ex.starter_path, ex.test_path, ex.hints_path, *(ex.dir / n for n in ex.support_files)]
    return "\n".join(p.read_text(encoding="utf-8") for p in files if p.is_file())


def test_a_page_per_exercise(catalog: Catalog, site: BuildResult) -> None:
    """Does every exercise of the catalog get its own page, titled with its number and title?"""
    assert site.exercises == len(catalog.exercises)
    for ex in catalog.exercises:
        page = site.out / "problems" / f"{ex.slug}.html"
        assert page.is_file(), f"no page for {ex.slug}"
        assert f"{ex.number}. {escape(ex.title)}" in page.read_text(encoding="utf-8")
    for track in catalog.tracks:
        assert (site.out / "tracks" / f"{track.slug}.html").is_file()
    for name in ("index.html", "about.html", "404.html", "static/style.css", "static/app.js", "static/pygments.css"):
        assert (site.out / name).is_file(), name


def test_index_lists_every_exercise(catalog: Catalog, site: BuildResult) -> None:
    index = (site.out / "index.html").read_text(encoding="utf-8")
    for ex in catalog.exercises:
        assert f'href="problems/{ex.slug}.html"' in index, ex.slug
        assert f'data-slug="{ex.slug}"' in index, ex.slug
    for track in catalog.tracks:
        assert str(escape(track.title)) in index
    assert index.count('class="row"') == len(catalog.exercises)


def test_no_solution_in_a_learner_build(catalog: Catalog, site: BuildResult, site_with_solutions: BuildResult, text_of) -> None:
    """Is no line of any reference, hidden test or mutant anywhere in a build made without --with-solutions?

    The same lines must be found in the --with-solutions build: that proves the search would see them.
    """
    # Leaked code would show up as whole lines of text (highlighted blocks keep one source line per line).
    learner_site = {line.strip() for p in html_files(site.out) for line in text_of(p.read_text(encoding="utf-8")).splitlines()}
    solutions_site = {line.strip() for p in html_files(site_with_solutions.out) for line in text_of(p.read_text(encoding="utf-8")).splitlines()}
    assert 'id="tab-solution"' not in "".join(p.read_text(encoding="utf-8") for p in html_files(site.out))
    checked = 0
    given = _norm("\n".join(learner_text(ex) for ex in catalog.exercises))  # starters share helpers (gelu, ...)
    for ex in catalog.exercises:
        for path in (ex.reference_path, ex.hidden_path, *ex.mutant_paths):
            if not path.is_file():
                continue
            for line in code_lines(path):
                checked += 1
                # A line on the page is a leak unless the learner's own files say it (hints quote some).
                assert line not in learner_site or _norm(line) in given, f"{path} leaks into the site: {line!r}"
        if ex.reference_path.is_file():
            missing = [line for line in code_lines(ex.reference_path) if line not in solutions_site]
            assert not missing, f"{ex.slug}: the reference is missing from the --with-solutions build: {missing[:3]}"
            page = (site_with_solutions.out / "problems" / f"{ex.slug}.html").read_text(encoding="utf-8")
            assert 'id="tab-solution"' in page
    if catalog.exercises:
        assert checked > 0, "no solution line was checked"


def test_math_is_converted(catalog: Catalog, site: BuildResult) -> None:
    """Is every `$...$` / `$$...$$` of a statement MathML, with no dollar left outside code?"""
    for ex in catalog.exercises:
        markup = statement_of((site.out / "problems" / f"{ex.slug}.html").read_text(encoding="utf-8"))
        prose = re.sub(r"<(code|pre|math)\b.*?</\1>", "", markup, flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", "", prose))
        assert "$$" not in text, f"{ex.slug}: raw $$ in the statement"
        assert "$" not in text, f"{ex.slug}: raw $ in the statement: {text[max(0, text.index('$') - 40):text.index('$') + 40]!r}"
        if "$" in re.sub(r"```.*?```|`[^`]*`", "", ex.readme_path.read_text(encoding="utf-8"), flags=re.S):
            assert "<math" in markup, f"{ex.slug}: math in the README but no MathML on the page"


def _internal_links(out: Path) -> list[tuple[Path, str]]:
    """(folder the link resolves from, target) for every relative link; a page with a <base> (the
    not-found page, base "/" by default) resolves its links from the site's root."""
    links = []
    for page in html_files(out):
        markup = page.read_text(encoding="utf-8")
        base = BASE_RE.search(markup)
        folder = out if base else page.parent
        markup = BASE_RE.sub("", markup)
        for target in HREF_RE.findall(markup):
            target = html.unescape(target)
            if target.startswith(("http://", "https://", "mailto:", "#")):
                continue
            links.append((folder, target))
    return links


@pytest.mark.parametrize("which", ["site", "site_with_solutions"])
def test_internal_links_resolve(which: str, request: pytest.FixtureRequest) -> None:
    """Does every relative href/src point at a file of the build (so file:// and any base path work)?"""
    out = request.getfixturevalue(which).out
    links = _internal_links(out)
    assert links
    for folder, target in links:
        assert not target.startswith("/"), f"{folder.relative_to(out)}: absolute link {target}"
        path = (folder / target.split("#")[0].split("?")[0]).resolve()
        assert path.is_file(), f"{folder.relative_to(out)}: broken link {target}"


def test_nothing_loads_from_the_network(site: BuildResult) -> None:
    """Do pages pull no script, stylesheet, font or image from another host?"""
    for page in html_files(site.out):
        markup = page.read_text(encoding="utf-8")
        assert not re.search(r'<(script|link|img|iframe)\b[^>]*(src|href)="(https?:)?//', markup), page
    css = (site.out / "static" / "style.css").read_text(encoding="utf-8")
    assert "@import" not in css and "url(http" not in css and "url(//" not in css


def test_tiny_catalog_empty_track_figures_and_escaping(tiny_root: Path, tmp_path: Path, text_of) -> None:
    """A track with no exercises, a figure, an unknown figure name, a title with < and unsupported TeX."""
    catalog = load_catalog(tiny_root)
    out = tmp_path / "out"
    result = build_site(catalog, out)
    assert result.exercises == 1
    later = (out / "tracks" / "later.html").read_text(encoding="utf-8")
    assert "Coming soon" in later
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Coming soon" in index and "Masks &amp; heads." in index
    page = (out / "problems" / "causal-mask.html").read_text(encoding="utf-8")
    assert "Causal &lt;Mask&gt;" in page and "Causal <Mask>" not in page
    assert '<figure class="fig" id="fig-causal-mask">' in page and "<title" in page
    assert page.index("fig-causal-mask") < page.index(">Inputs</h2>"), "the figure goes before **Inputs**"
    assert 'class="explanation"' in page and '<details class="learn-more">' in page
    assert '<code class="tex">\\notacommand{x}</code>' in page
    assert "Hint 2" in page and "test_square" in page and "Does row 0 see only itself?" in page
    text = "\n".join(text_of(p.read_text(encoding="utf-8")) for p in html_files(out))
    assert "DISTINCTIVE_REFERENCE_LINE" not in text and "DISTINCTIVE_HIDDEN_LINE" not in text

    build_site(catalog, out, with_solutions=True)  # a rebuild over an earlier build is allowed
    solved = (out / "problems" / "causal-mask.html").read_text(encoding="utf-8")
    assert "DISTINCTIVE_REFERENCE_LINE" in solved and "DISTINCTIVE_HIDDEN_LINE" not in solved
    build_site(catalog, out)
    assert "DISTINCTIVE_REFERENCE_LINE" not in (out / "problems" / "causal-mask.html").read_text(encoding="utf-8")


def test_refuses_to_empty_a_folder_it_did_not_make(tiny_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    with pytest.raises(UsageError, match="not made by"):
        build_site(load_catalog(tiny_root), out)
    assert (out / "notes.txt").read_text() == "keep me"


def test_cli_builds_the_site(tiny_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], text_of) -> None:
    monkeypatch.setenv("DOJO_ROOT", str(tiny_root))
    assert main(["site", "build", "--out", str(tmp_path / "cli-out")]) == 0
    assert (tmp_path / "cli-out" / "problems" / "causal-mask.html").is_file()
    assert "1 exercises" in capsys.readouterr().out
    assert main(["site", "build", "--with-solutions"]) == 0  # default: _site/ in the project folder
    assert "DISTINCTIVE_REFERENCE_LINE" in text_of((tiny_root / "_site" / "problems" / "causal-mask.html").read_text(encoding="utf-8"))


def test_statement_layout() -> None:
    """Do examples become cards with an Explanation bar, and Learn more a <details>?"""
    html_out = render_statement("# T\n\nIntro.\n\n**Example 1:**\n```\nInput: x = 1\nOutput: 2\n```\nExplanation: doubled.\n\n## Learn more\nMore.\n").html
    assert '<section class="example">' in html_out and '<h2 class="st-label">Example 1:</h2>' in html_out
    assert '<span class="io-label">Input:</span>' in html_out
    assert '<div class="explanation"><strong>Explanation:</strong> doubled.</div>' in html_out
    assert '<details class="learn-more"><summary>Learn more</summary>' in html_out
    assert "<h1" not in html_out  # the page shows the title itself


def test_highlighted_code_keeps_the_exact_source() -> None:
    """Is the text of a highlighted block exactly the source (so selecting and copying it works)?"""
    source = 'def f(x):\n    """Doc <b> & "q"."""\n    return x  # (B, T)\n\n\nclass A:\n    pass\n'
    block = code_block(source, numbered=True)
    assert 'class="k"' in block
    inner = re.search(r"<code[^>]*>(.*)</code>", block, re.S).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", inner)) == source


def test_parallel_build_writes_the_same_site(catalog: Catalog, tmp_path: Path) -> None:
    """Do forked workers (what `dojo site build` uses) produce byte-identical pages?"""
    if len(catalog.exercises) < 2:
        pytest.skip("needs two exercises")
    serial = build_site(catalog, tmp_path / "serial", jobs=1)
    par = build_site(catalog, tmp_path / "par", jobs=2)
    serial_files = {p.relative_to(serial.out): p.read_bytes() for p in serial.out.rglob("*") if p.is_file()}
    parallel_files = {p.relative_to(par.out): p.read_bytes() for p in par.out.rglob("*") if p.is_file()}
    assert serial_files.keys() == parallel_files.keys()
    assert [k for k in serial_files if serial_files[k] != parallel_files[k]] == []
    assert par.exercises == len(catalog.exercises)
