"""Markdown to HTML for the site: statements, hints and blurbs, with math and code done at build time.

Math (`$...$`, `$$...$$`) becomes MathML through latex2mathml, so pages need no script or font from
the network; fenced code is highlighted by pygments. Statements get the gptandchill layout from their
plain-markdown structure: `**Example 1**` + fence + `Explanation:` become one example card, the
`## Learn more` section folds away, and a figure lands before **Inputs** (or at `<!-- figure -->`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import Any, Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin

from grader.site.highlight import code_block, highlight

LABEL_RE = re.compile(r"^\*\*([^*]+?)\*\*\s*:?\s*$")
EXAMPLE_RE = re.compile(r"^examples?\b", re.I)
IO_LABEL_RE = re.compile(r"^(Input|Output|Explanation|Returns?)(\s*:)(.*)$")
FIGURE_MARK_RE = re.compile(r"<!--\s*figure(?:\s*:\s*([\w-]+))?\s*-->")
# Standard TeX that latex2mathml does not know, spelled in a way it does.
TEX_REWRITES = ((re.compile(r"\\arg(?![A-Za-z])"), r"\\operatorname{arg}"),)
UNKNOWN_COMMAND_RE = re.compile(r">\\[A-Za-z]+<")
HINT_RE = re.compile(r"^##\s+(Hint\b.*)$", re.M)


@lru_cache(maxsize=4096)
def tex_to_mathml(tex: str, display: bool) -> str:
    """MathML for one formula; TeX latex2mathml cannot parse is shown as code rather than lost."""
    import latex2mathml.converter

    tex = tex.strip()
    tex_in = tex
    for pattern, replacement in TEX_REWRITES:
        tex_in = pattern.sub(replacement, tex_in)
    try:
        mathml = latex2mathml.converter.convert(tex_in, display="block" if display else "inline")
    except Exception:  # latex2mathml raises assorted types on unsupported commands
        return f'<code class="tex">{escape(tex)}</code>'
    if UNKNOWN_COMMAND_RE.search(mathml):  # it passes unknown commands through as text: show the TeX instead
        return f'<code class="tex">{escape(tex)}</code>'
    # The TeX source rides along for screen readers and copy-paste.
    return mathml.replace("<math ", f'<math alttext="{escape(tex)}" ', 1)


def _render_math(content: str, options: dict[str, Any]) -> str:
    return tex_to_mathml(content, bool(options.get("display_mode")))


def _fence_highlight(code: str, lang: str, attrs: str) -> str:
    lines = code.strip("\n").splitlines()
    if not lang and lines and IO_LABEL_RE.match(lines[0].lstrip()):
        return io_block(code)
    return code_block(code, lang or "text")


def io_block(code: str) -> str:
    """An example's `Input:` / `Output:` block: bold labels, the values highlighted as Python."""
    segments: list[tuple[str, list[str]]] = []
    for line in code.strip("\n").splitlines():
        m = IO_LABEL_RE.match(line)
        if m:
            segments.append((m.group(1) + m.group(2), [m.group(3)]))
        elif segments:
            segments[-1][1].append(line)
        else:
            segments.append(("", [line]))
    parts = []
    for label, body in segments:
        head = f'<span class="io-label">{escape(label)}</span>' if label else ""
        parts.append(head + highlight("\n".join(body), "python"))
    return f'<pre class="hl io"><code>{chr(10).join(parts)}</code></pre>'


def _link_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    href = tokens[idx].attrGet("href") or ""
    if str(href).startswith(("http://", "https://")):
        tokens[idx].attrSet("target", "_blank")
        tokens[idx].attrSet("rel", "noopener noreferrer")
    return self.renderToken(tokens, idx, options, env)


@lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"highlight": _fence_highlight}).enable("table")
    md.use(dollarmath_plugin, double_inline=True, allow_labels=False, renderer=_render_math)
    md.add_render_rule("link_open", _link_open)
    return md


def render(source: str) -> str:
    """Plain markdown to HTML (hints, blurbs, docs)."""
    return markdown().render(source)


def render_inline(source: str) -> str:
    """One line of markdown without the surrounding <p> (titles, blurbs in lists)."""
    return markdown().renderInline(source)


# ---------------------------------------------------------------- statements


@dataclass(frozen=True)
class Statement:
    title: str | None  # the README's `# Title`, if any (the page shows exercise.toml's title)
    html: str


def _blocks(tokens: list[Token]) -> list[list[Token]]:
    """Split a token stream into its top-level blocks (a paragraph, a list, a fence, ...)."""
    blocks: list[list[Token]] = []
    current: list[Token] = []
    depth = 0
    for tok in tokens:
        current.append(tok)
        depth += tok.nesting
        if depth == 0:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _inline_text(block: list[Token]) -> str:
    return next((t.content for t in block if t.type == "inline"), "")


def render_statement(source: str, figure: Callable[[str | None], str] | None = None) -> Statement:
    """Render a README in the gptandchill layout.

    `figure(name)` returns the figure HTML for a `<!-- figure: name -->` mark (name None: the
    exercise's default figure, or "" for none); the default figure goes before **Inputs** when the
    README has no mark.
    """
    md = markdown()
    env: dict[str, Any] = {}
    tokens = md.parse(source, env)
    out: list[str] = []
    title: str | None = None
    in_example = in_learn_more = False
    default_placed = False

    def close_example() -> None:
        nonlocal in_example
        if in_example:
            out.append("</section>\n")
            in_example = False

    def place_default() -> None:
        nonlocal default_placed
        if figure and not default_placed:
            out.append(figure(None))
        default_placed = True

    for block in _blocks(tokens):
        first = block[0]
        text = _inline_text(block)
        html = md.renderer.render(block, md.options, env)

        if first.type == "heading_open" and first.tag == "h1" and title is None:
            title = text.strip()
            continue
        if first.type == "heading_open" and first.tag in ("h1", "h2"):
            close_example()
            if in_learn_more:
                out.append("</div></details>\n")
                in_learn_more = False
            if text.strip().lower().startswith("learn more"):
                out.append(f'<details class="learn-more"><summary>{escape(text.strip())}</summary><div class="learn-more-body">\n')
                in_learn_more = True
                continue
            out.append(html)
            continue
        if first.type == "html_block" and (mark := FIGURE_MARK_RE.search(first.content)):
            close_example()
            if figure:
                if mark.group(1):
                    out.append(figure(mark.group(1)))
                else:
                    place_default()
            continue

        label = LABEL_RE.match(text.strip()) if first.type == "paragraph_open" else None
        if label:
            close_example()
            name = label.group(1).strip().rstrip(":")
            if name.lower() in ("inputs", "input", "parameters", "arguments"):
                place_default()
            if EXAMPLE_RE.match(name):
                out.append(f'<section class="example">\n<h3 class="st-label">{escape(name)}:</h3>\n')
                in_example = True
            else:
                out.append(f'<h3 class="st-label">{escape(name)}</h3>\n')
            continue
        if first.type == "paragraph_open" and text.lstrip().startswith("Explanation:"):
            body = html.strip()
            body = body.removeprefix("<p>").removesuffix("</p>").lstrip()
            body = body.removeprefix("Explanation:").lstrip()
            out.append(f'<div class="explanation"><strong>Explanation:</strong> {body}</div>\n')
            continue
        if in_example and first.type not in ("fence", "code_block", "math_block"):
            close_example()
        out.append(html)

    close_example()
    if in_learn_more:
        out.append("</div></details>\n")
    if not default_placed:
        place_default()
    return Statement(title=title, html="".join(out))


def split_hints(source: str) -> list[str]:
    """hints.md (`## Hint 1`, `## Hint 2`, ...) as one rendered HTML body per hint."""
    parts = HINT_RE.split(source)
    # parts = [preamble, heading1, body1, heading2, body2, ...]
    bodies = [parts[i + 1] for i in range(1, len(parts) - 1, 2)]
    if not bodies and source.strip():
        bodies = [source]  # a hints file without headings is one hint
    return [render(body.strip()) for body in bodies if body.strip()]
