"""Fixtures for the site tests: the real catalog built once per session, and a tiny fake catalog."""
from __future__ import annotations

import html
import json
import re
import shutil
import textwrap
from pathlib import Path

import pytest

from grader.catalog import Catalog, load_catalog, project_root
from grader.site.build import BuildResult, build_site


@pytest.fixture(scope="session")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The project's catalog, from a snapshot: exercises edited during the run cannot skew the checks."""
    root = project_root()
    snapshot = tmp_path_factory.mktemp("catalog")
    for part in ("exercises", "solutions"):
        if (root / part).is_dir():
            shutil.copytree(root / part, snapshot / part, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    return load_catalog(snapshot)


@pytest.fixture(scope="session")
def site(catalog: Catalog, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_site(catalog, tmp_path_factory.mktemp("site") / "out")


@pytest.fixture(scope="session")
def site_with_solutions(catalog: Catalog, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_site(catalog, tmp_path_factory.mktemp("site-solutions") / "out", with_solutions=True)


def page_text(markup: str) -> str:
    """What a reader (or a copy) could get out of a page: tag-free text plus decoded JSON scripts."""
    scripts = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', markup, re.S)
    decoded = [json.loads(s) for s in scripts]
    text = html.unescape(re.sub(r"<[^>]+>", "", markup))
    return "\n".join([text, *[d for d in decoded if isinstance(d, str)]])


# WCAG contrast of every visible text element, from the colours Chromium resolved: backgrounds are
# composited up the tree (alpha included), opacity of ancestors applies to the text, large text
# (24 px, or 18.66 px bold) needs 3:1, the rest 4.5:1. Disabled controls and SVG are left out.
CONTRAST_JS = """() => {
  function parse(c) {
    let m = /^rgba?\\(([^)]*)\\)/.exec(c);
    if (m) { const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; }
    m = /^color\\(srgb ([^)]*)\\)/.exec(c);
    if (m) { const p = m[1].split(/[\\s\\/]+/).filter(Boolean).map(Number); return [p[0] * 255, p[1] * 255, p[2] * 255, p.length > 3 ? p[3] : 1]; }
    return null;
  }
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                     return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  function background(el) {
    const chain = [];
    for (let n = el; n; n = n.parentElement) chain.unshift(n);
    let bg = [255, 255, 255, 1];
    const canvas = parse(getComputedStyle(document.documentElement).backgroundColor);
    if (getComputedStyle(document.documentElement).colorScheme.startsWith("dark")) bg = [18, 18, 18, 1];
    if (canvas && canvas[3] > 0) bg = over(canvas, bg);
    for (const n of chain) { const c = parse(getComputedStyle(n).backgroundColor); if (c && c[3] > 0) bg = over(c, bg); }
    return bg;
  }
  const failures = [];
  let checked = 0;
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest("svg, script, style, noscript, option, [disabled], .sr-only")) continue;
    const own = Array.from(el.childNodes).filter(n => n.nodeType === 3 && n.textContent.trim()).map(n => n.textContent.trim()).join(" ");
    if (!own) continue;
    const rect = el.getBoundingClientRect();
    if (!el.getClientRects().length || rect.width < 2 || rect.height < 2) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility !== "visible") continue;
    let alpha = 1;
    for (let n = el; n; n = n.parentElement) alpha *= parseFloat(getComputedStyle(n).opacity);
    const fg = parse(cs.color); if (!fg) continue;
    const bg = background(el);
    const text = over([fg[0], fg[1], fg[2], fg[3] * alpha], bg);
    const size = parseFloat(cs.fontSize), bold = parseInt(cs.fontWeight, 10) >= 700;
    const need = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
    const r = ratio(text, bg);
    checked += 1;
    if (r < need) failures.push(`${r.toFixed(2)} < ${need}: <${el.tagName.toLowerCase()} class="${el.className}"> "${own.slice(0, 40)}"`);
  }
  return {checked, failures: Array.from(new Set(failures))};
}"""


@pytest.fixture(scope="session")
def contrast_failures():
    """contrast_failures(page) -> the texts of the page below WCAG AA, as readable lines."""
    def check(page) -> list[str]:  # noqa: ANN001 - a Playwright page
        result = page.evaluate(CONTRAST_JS)
        assert result["checked"] > 10, "the contrast check found almost no text"
        return result["failures"]
    return check


@pytest.fixture(scope="session")
def text_of():
    """page_text as a fixture, for the test modules (tests/ is not a package)."""
    return page_text


TINY_README = r"""# Causal Mask

Position $i$ may only see positions $j \le i$ ([DL6](https://example.org/dl6)).

$$A_{ij} = \frac{e^{s_{ij}}}{\sum_{k \le i} e^{s_{ik}}}$$

**Inputs**
- `T`: the length, `T >= 1`.

**Example 1**
```
Input:  T = 2
Output: array([[ True, False],
               [ True,  True]])
```
Explanation: row $0$ sees only itself.

<!-- figure: no-such-figure -->

**Notes**
- Useful: `np.tril`. Unsupported TeX stays readable: $\notacommand{x}$.

## Learn more
Masks can also be **additive**: $0$ or $-\infty$.
"""


@pytest.fixture
def tiny_root(tmp_path: Path) -> Path:
    """A two-track catalog: one exercise with a figure, and a track with no exercises yet."""
    root = tmp_path / "tiny"
    ex = root / "exercises" / "attention" / "causal-mask"
    sol = root / "solutions" / "attention" / "causal-mask"
    ex.mkdir(parents=True)
    sol.mkdir(parents=True)
    (root / "exercises" / "tracks.toml").write_text(textwrap.dedent("""
        [[track]]
        slug = "attention"
        title = "Attention"
        blurb = "Masks & heads."
        exercises = ["causal-mask"]

        [[track]]
        slug = "later"
        title = "Later"
        blurb = "Nothing here yet."
        exercises = []
    """))
    (ex / "exercise.toml").write_text(textwrap.dedent("""
        title = "Causal <Mask>"
        difficulty = "hard"
        framework = "numpy"
        entry = ["causal_mask"]
        tags = ["masks"]
        resources = [{ kind = "paper", title = "Attention Is All You Need", url = "https://arxiv.org/abs/1706.03762" }]
    """))
    (ex / "README.md").write_text(TINY_README)
    (ex / "causal_mask.py").write_text('import numpy as np\n\n\ndef causal_mask(T):\n    """(T, T) bool, True = may attend."""\n    raise NotImplementedError\n')
    (ex / "test_causal_mask.py").write_text(textwrap.dedent('''
        from causal_mask import causal_mask


        def test_example_1_two_positions():
            """Does row 0 see only itself?"""
            assert causal_mask(2).tolist() == [[True, False], [True, True]]


        class TestShapes:
            def test_square(self):
                assert causal_mask(3).shape == (3, 3)
    '''))
    (ex / "hints.md").write_text("## Hint 1\nThink lower-triangular.\n\n## Hint 2\n`np.tril(np.ones((T, T), bool))`\n")
    (sol / "causal_mask.py").write_text("import numpy as np\n\n\ndef causal_mask(T):\n    return np.tril(np.ones((T, T), dtype=bool))  # DISTINCTIVE_REFERENCE_LINE\n")
    (sol / "hidden.py").write_text("def cases():\n    yield 'DISTINCTIVE_HIDDEN_LINE'\n")
    return root
