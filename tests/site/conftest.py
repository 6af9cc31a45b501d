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
