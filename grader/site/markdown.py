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
from html import escape, unescape
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
TEX_REWRITES = (
    (re.compile(r"\\arg(?![A-Za-z])"), r"\\operatorname{arg}"),
    # A row break's optional spacing (`\\[2mm]`): latex2mathml would print "[2mm]" in the next row.
    (re.compile(r"\\\\\s*\[\s*-?[\d.]+\s*(?:mm|cm|pt|em|ex|in|mu)\s*\]"), r"\\\\"),
)
# Text-mode commands whose argument latex2mathml copies verbatim, escapes included.
TEXT_COMMAND_RE = re.compile(r"\\(?:text|texttt|textrm|textbf|textit|textsf|mbox)\s*\{")
TEXT_ESCAPE_RE = re.compile(r"\\([_&%#$])")
STACKABLE_ENV_RE = re.compile(r"\\begin\{(cases|aligned|gathered|split)\}")
BARE_AMPERSAND_RE = re.compile(r"&(?!#?\w+;)")
# Where a long display formula may be cut into parts laid out side by side, or one under the other
# when the pane is narrow: `\qquad` between two equations, or `,\quad` after one.
DISPLAY_SEPARATOR_RE = re.compile(r"\\qquad(?![A-Za-z])|(?<=[,;])\s*\\quad(?![A-Za-z])")
UNKNOWN_COMMAND_RE = re.compile(r">\\[A-Za-z]+<")
HINT_RE = re.compile(r"^##\s+(Hint\b.*)$", re.M)


def _matching_brace(tex: str, start: int) -> int:
    """The index of the `}` closing the `{` at `start` (escaped braces skipped), or -1."""
    depth = 0
    i = start
    while i < len(tex):
        ch = tex[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def unescape_text_args(tex: str) -> str:
    r"""`\text{lr\_max}` -> `\text{lr_max}`: in text mode the escapes are the characters themselves."""
    out: list[str] = []
    pos = 0
    for m in TEXT_COMMAND_RE.finditer(tex):
        if m.start() < pos:
            continue  # inside a text argument already handled
        close = _matching_brace(tex, m.end() - 1)
        if close < 0:
            break
        out.append(tex[pos:m.end()])
        out.append(TEXT_ESCAPE_RE.sub(r"\1", tex[m.end():close]))
        pos = close
    out.append(tex[pos:])
    return "".join(out)


def top_level_parts(tex: str) -> list[str]:
    r"""A display formula cut at its top-level separators (outside braces, brackets, \left..\right
    and environments); the separators themselves are dropped, punctuation before them stays."""
    cuts: list[tuple[int, int]] = []
    depth = 0
    i = 0
    while i < len(tex):
        if tex.startswith("\\begin", i) or tex.startswith("\\left", i):
            depth += 1
        elif tex.startswith("\\end", i) or tex.startswith("\\right", i):
            depth -= 1
        ch = tex[i]
        if ch == "\\":
            if depth == 0 and (m := DISPLAY_SEPARATOR_RE.match(tex, i)):
                cuts.append((m.start(), m.end()))
                i = m.end()
                continue
            if tex.startswith(("\\{", "\\}"), i):  # a set's braces group like any bracket
                depth += 1 if tex[i + 1] == "{" else -1
            i += 2
            continue
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            depth -= 1
        elif depth == 0 and ch in ",;" and (m := DISPLAY_SEPARATOR_RE.match(tex, i + 1)) is not None \
                and tex[i + 1:m.start()].strip() == "":
            cuts.append((i + 1, m.end()))
            i = m.end()
            continue
        i += 1
    parts: list[str] = []
    pos = 0
    for start, end in cuts:
        parts.append(tex[pos:start])
        pos = end
    parts.append(tex[pos:])
    return [p.strip() for p in parts if p.strip()]


def _cells(body: str) -> list[tuple[int, int]]:
    r"""(start, end) of each cell of an environment's body: split at its own `&` and `\\`."""
    spans: list[tuple[int, int]] = []
    depth = 0
    start = i = 0
    while i < len(body):
        if body.startswith(("\\begin", "\\left"), i):
            depth += 1
        elif body.startswith(("\\end", "\\right"), i):
            depth -= 1
        ch = body[i]
        if ch == "\\":
            if depth == 0 and body.startswith("\\\\", i):
                spans.append((start, i))
                start = i = i + 2
                continue
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == "&" and depth == 0:
            spans.append((start, i))
            start = i + 1
        i += 1
    spans.append((start, len(body)))
    return spans


def stack_cell_parts(tex: str) -> str:
    r"""In a cases/aligned environment, a cell holding two equations (`a = 1,\quad b = 2`) becomes
    a one-column array, one equation per line: a table cannot wrap, its cells can be narrower."""
    m = STACKABLE_ENV_RE.search(tex)
    if m is None:
        return tex
    end = tex.find(f"\\end{{{m.group(1)}}}", m.end())
    if end < 0:
        return tex
    body = tex[m.end():end]
    out: list[str] = []
    pos = 0
    for start, stop in _cells(body):
        parts = top_level_parts(body[start:stop])
        if len(parts) > 1:
            out.append(body[pos:start])
            out.append(" \\begin{array}{l} " + " \\\\ ".join(parts) + " \\end{array} ")
            pos = stop
    out.append(body[pos:])
    return tex[:m.end()] + "".join(out) + stack_cell_parts(tex[end:])


def display_math(tex: str) -> str:
    """A display formula: one <math> per top-level part, so that CSS can wrap the parts."""
    tex = tex.strip()
    for pattern, replacement in TEX_REWRITES:
        tex = pattern.sub(replacement, tex)
    tex = stack_cell_parts(tex)
    return "".join(tex_to_mathml(part, True) for part in top_level_parts(tex) or [tex])


@lru_cache(maxsize=4096)
def tex_to_mathml(tex: str, display: bool) -> str:
    """MathML for one formula; TeX latex2mathml cannot parse is shown as code rather than lost."""
    import latex2mathml.converter

    tex = tex.strip()
    tex_in = unescape_text_args(tex)
    for pattern, replacement in TEX_REWRITES:
        tex_in = pattern.sub(replacement, tex_in)
    try:
        mathml = latex2mathml.converter.convert(tex_in, display="block" if display else "inline")
    except Exception:  # latex2mathml raises assorted types on unsupported commands
        return f'<code class="tex">{escape(tex)}</code>'
    if UNKNOWN_COMMAND_RE.search(mathml):  # it passes unknown commands through as text: show the TeX instead
        return f'<code class="tex">{escape(tex)}</code>'
    mathml = BARE_AMPERSAND_RE.sub("&amp;", mathml)  # `\text{a \& b}` comes out as a bare "&"
    # The TeX source rides along for screen readers and copy-paste.
    return mathml.replace("<math ", f'<math alttext="{escape(tex)}" ', 1)


def _render_math(content: str, options: dict[str, Any]) -> str:
    if options.get("display_mode"):
        return display_math(content)
    return tex_to_mathml(content, False)


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
                out.append(f'<section class="example">\n<h2 class="st-label">{escape(name)}:</h2>\n')
                in_example = True
            else:
                out.append(f'<h2 class="st-label">{escape(name)}</h2>\n')
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


def summary(source: str, limit: int = 160) -> str:
    """The statement's first paragraph as plain text, cut after a sentence within `limit`
    characters: a problem page's meta description."""
    md = markdown()
    tokens = md.parse(source, {})
    for block in _blocks(tokens):
        if block[0].type != "paragraph_open":
            continue
        html_text = md.renderer.render(block, md.options, {})
        text = unescape(re.sub(r"<[^>]+>", "", html_text))
        text = re.sub(r"\s+", " ", text).strip()
        if not text or LABEL_RE.match(_inline_text(block).strip()):
            continue
        if len(text) <= limit:
            return text
        cut = text[:limit]
        end = max(cut.rfind(". "), cut.rfind("; "))
        return cut[:end + 1] if end > limit // 3 else cut.rsplit(" ", 1)[0] + "…"
    return ""


def split_hints(source: str) -> list[str]:
    """hints.md (`## Hint 1`, `## Hint 2`, ...) as one rendered HTML body per hint."""
    parts = HINT_RE.split(source)
    # parts = [preamble, heading1, body1, heading2, body2, ...]
    bodies = [parts[i + 1] for i in range(1, len(parts) - 1, 2)]
    if not bodies and source.strip():
        bodies = [source]  # a hints file without headings is one hint
    return [render(body.strip()) for body in bodies if body.strip()]
