"""Syntax highlighting for the site, done at build time with pygments.

We walk pygments' token stream ourselves instead of using HtmlFormatter so that every source line
becomes its own <span class="line"> (line numbers come from a CSS counter, and a copied selection
or `textContent` is exactly the source), while the span classes stay pygments' standard short names
(`k`, `nf`, `s2`, ...) so the stylesheets made by `HtmlFormatter.get_style_defs` apply unchanged.
"""
from __future__ import annotations

from functools import lru_cache
from html import escape

from pygments.lexer import Lexer
from pygments.lexers import PythonLexer, TextLexer, get_lexer_by_name
from pygments.token import STANDARD_TYPES, _TokenType
from pygments.util import ClassNotFound


@lru_cache(maxsize=None)
def _lexer(lang: str) -> Lexer:
    if lang in ("", "python", "py", "python3"):
        return PythonLexer(stripnl=False, ensurenl=False)
    try:
        return get_lexer_by_name(lang, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return TextLexer(stripnl=False, ensurenl=False)


@lru_cache(maxsize=None)
def _css_class(ttype: _TokenType) -> str:
    # Subtypes without a short name of their own (e.g. Name.Builtin.Pseudo.Foo) take their parent's.
    while ttype not in STANDARD_TYPES:
        ttype = ttype.parent
    return STANDARD_TYPES[ttype]


def highlight_lines(code: str, lang: str = "python") -> list[str]:
    """The source as one HTML string per line (no trailing newline, tags balanced per line)."""
    lines: list[list[str]] = [[]]
    for ttype, value in _lexer(lang.lower()).get_tokens(code):
        cls = _css_class(ttype)
        for i, part in enumerate(value.split("\n")):
            if i:
                lines.append([])
            if part:
                text = escape(part, quote=False)
                lines[-1].append(f'<span class="{cls}">{text}</span>' if cls else text)
    if len(lines) > 1 and not lines[-1] and code.endswith("\n"):
        lines.pop()  # the newline that ends the file is not a line of its own
    return ["".join(parts) for parts in lines]


def highlight(code: str, lang: str = "python") -> str:
    """Inline highlighted HTML (newlines kept), for use inside an existing <pre><code>."""
    return "\n".join(highlight_lines(code, lang))


def code_block(code: str, lang: str = "python", numbered: bool = False, label: str | None = None) -> str:
    """A complete <pre class="hl"> block; `numbered` wraps each line for CSS line numbers."""
    lines = highlight_lines(code, lang)
    if numbered:
        body = "".join(f'<span class="line">{line}</span>\n' for line in lines)
    else:
        body = "\n".join(lines)
    cls = "hl numbered" if numbered else "hl"
    aria = f' aria-label="{escape(label)}"' if label else ""
    return f'<pre class="{cls}"{aria}><code class="language-{escape(lang)}">{body}</code></pre>'


def style_css(dark_style: str = "github-dark", light_style: str = "friendly") -> str:
    """Token colours for both themes, scoped by the `data-theme` attribute on <html>."""
    from pygments.formatters import HtmlFormatter

    dark = HtmlFormatter(style=dark_style).get_style_defs(':root[data-theme="dark"] .hl')
    light = HtmlFormatter(style=light_style).get_style_defs(':root[data-theme="light"] .hl')
    # Drop the formatters' own background/line rules: the site's CSS owns the block's look.
    keep = [
        line for line in (dark + "\n" + light).splitlines()
        if line.startswith(":root") and " .hl {" not in line and ".hll" not in line
    ]
    return "\n".join(keep) + "\n"
