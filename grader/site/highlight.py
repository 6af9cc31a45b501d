"""Syntax highlighting for the site, done at build time with pygments.

We walk pygments' token stream ourselves instead of using HtmlFormatter so that every source line
becomes its own <span class="line"> (line numbers come from a CSS counter, and a copied selection
or `textContent` is exactly the source), while the span classes stay pygments' standard short names
(`k`, `nf`, `s2`, ...) so the stylesheets made by `HtmlFormatter.get_style_defs` apply unchanged.
"""
from __future__ import annotations

import re
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


# The code backgrounds of the site's themes (style.css --code-bg): token colours are checked against them.
CODE_BG = {"dark": "#121216", "light": "#f7f7fa"}
MIN_CONTRAST = 4.6  # WCAG AA asks 4.5:1 for text; a little margin for antialiasing
COLOR_RE = re.compile(r"(?<![-\w])color:\s*#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""
    la, lb = _luminance(_rgb(a)), _luminance(_rgb(b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def readable(colour: str, background: str, minimum: float = MIN_CONTRAST) -> str:
    """`colour`, mixed toward white or black (whichever the background is farther from) in small
    steps until it reaches `minimum` contrast on `background`; unchanged if it already does."""
    if contrast(colour, background) >= minimum:
        return colour
    target = (1.0, 1.0, 1.0) if _luminance(_rgb(background)) < 0.18 else (0.0, 0.0, 0.0)
    rgb = _rgb(colour)
    mixed = colour
    for step in range(1, 21):
        t = step / 20
        mixed = "#" + "".join(f"{round(255 * (c + (e - c) * t)):02x}" for c, e in zip(rgb, target))
        if contrast(mixed, background) >= minimum:
            break
    return mixed


def _rules(style: str, scope: str, theme: str) -> list[str]:
    from pygments.formatters import HtmlFormatter

    rules = HtmlFormatter(style=style).get_style_defs("SCOPE").splitlines()
    out = []
    for line in rules:
        # Drop the formatter's own block, line-number and highlight rules: the site's CSS owns those.
        if not line.startswith("SCOPE .") or ".hll" in line:
            continue
        line = COLOR_RE.sub(lambda m: "color: " + readable("#" + m.group(1), CODE_BG[theme]), line)
        out.append(line.replace("SCOPE", scope, 1))
    return out


def style_css(dark_style: str = "github-dark", light_style: str = "friendly") -> str:
    """Token colours for both themes, each made readable on its theme's code background.

    Each theme applies when chosen (data-theme on <html>) or, with no choice, when the OS prefers
    it: the same rule as style.css's palettes. The two sets never both apply, so a token one style
    colours and the other leaves alone never shows the wrong theme's colour."""
    dark = _rules(dark_style, ':root[data-theme="dark"] .hl', "dark")
    os_dark = _rules(dark_style, ':root:not([data-theme="light"]) .hl', "dark")
    light = _rules(light_style, ':root[data-theme="light"] .hl', "light")
    os_light = _rules(light_style, ':root:not([data-theme="dark"]) .hl', "light")
    return "\n".join([
        *dark, "@media (prefers-color-scheme: dark) {", *("  " + r for r in os_dark), "}",
        *light, "@media (prefers-color-scheme: light) {", *("  " + r for r in os_light), "}",
    ]) + "\n"
