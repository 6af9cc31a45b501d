"""Figures for the site, drawn as inline SVG at build time (no image files, no scripts).

Colours come from CSS classes (`.fig .cell`, `.fig .masked`, ...) so the figures follow the light
and dark themes. An exercise gets its figures from FIGURES_BY_SLUG (or names one in its README
with `<!-- figure: name -->`); a track page from FIGURES_BY_TRACK. Names that match no exercise
in the catalog are simply never used.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from html import escape
from typing import Callable, Sequence


MIN_LABEL_PX = 9.0
DEFAULT_LABEL_UNITS = 12.0  # .fig .axis and the other classes without a font-size attribute
FONT_SIZE_RE = re.compile(r'font-size="([\d.]+)"')


@dataclass(frozen=True)
class Figure:
    name: str
    title: str  # the SVG's <title>: what a screen reader announces
    svg_body: str
    width: float
    height: float
    caption: str  # HTML (already escaped)

    def min_width(self) -> float:
        """The narrowest the SVG may be drawn: its smallest label stays at MIN_LABEL_PX (a narrower
        pane scrolls the figure sideways instead of shrinking the labels to nothing)."""
        sizes = [float(v) for v in FONT_SIZE_RE.findall(self.svg_body)] or [DEFAULT_LABEL_UNITS]
        return round(min(self.width, self.width * MIN_LABEL_PX / min(sizes)), 1)

    def html(self) -> str:
        fid = f"fig-{self.name}"
        return (
            f'<figure class="fig" id="{fid}">'
            f'<svg role="img" aria-labelledby="{fid}-t" viewBox="0 0 {self.width:g} {self.height:g}" '
            f'width="{self.width:g}" height="{self.height:g}" style="min-width:{self.min_width():g}px" '
            f'xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{fid}-t">{escape(self.title)}</title>{self.svg_body}</svg>'
            f"<figcaption>{self.caption}</figcaption></figure>\n"
        )


TOKENS = ("The", "cat", "sat", "on", "the", "mat")


def _softmax_rows(scores: Sequence[Sequence[float]], allowed: Callable[[int, int], bool] | None = None) -> list[list[float]]:
    rows = []
    for i, row in enumerate(scores):
        vals = [s if allowed is None or allowed(i, j) else -math.inf for j, s in enumerate(row)]
        m = max(vals)
        e = [math.exp(v - m) if v != -math.inf else 0.0 for v in vals]
        total = sum(e)
        rows.append([x / total for x in e])
    return rows


def _toy_scores() -> list[list[float]]:
    # Hand-made 3-d queries and keys: nouns look for their verb and article, so the pattern has structure.
    q = [(1.0, 0.2, 0.0), (0.2, 1.4, 0.6), (0.1, 1.2, 1.0), (0.6, 0.3, 1.1), (1.2, 0.1, 0.4), (0.3, 1.5, 0.8)]
    k = [(1.3, 0.1, 0.2), (0.1, 0.9, 0.4), (0.2, 1.1, 1.2), (0.4, 0.2, 0.9), (1.1, 0.3, 0.1), (0.2, 0.8, 0.5)]
    scale = 1 / math.sqrt(3) * 2.2
    return [[sum(a * b for a, b in zip(qi, kj)) * scale for kj in k] for qi in q]


def _grid(
    values: Sequence[Sequence[float | None]],
    rows: Sequence[str],
    cols: Sequence[str],
    cell: float,
    x0: float,
    y0: float,
    fmt: Callable[[float], str] | None = None,
    masked_text: str = "",
    diverging: bool = False,
    axis_labels: tuple[str, str] | None = ("query i", "key j"),
) -> tuple[str, float, float]:
    """A heat map: None cells are masked; values in [0, 1] (or [-1, 1] if diverging) set the opacity."""
    out: list[str] = []
    n_rows, n_cols = len(values), len(values[0])
    font = max(10.0, min(12.0, cell * 0.32))  # 10 units at least: a phone shows no less than 9 px
    for j, name in enumerate(cols):
        cx = x0 + j * cell + cell / 2
        out.append(f'<text class="lbl" x="{cx:g}" y="{y0 - 6:g}" text-anchor="middle" font-size="{font:g}">{escape(name)}</text>')
    for i, name in enumerate(rows):
        cy = y0 + i * cell + cell / 2
        out.append(f'<text class="lbl" x="{x0 - 6:g}" y="{cy + font / 3:g}" text-anchor="end" font-size="{font:g}">{escape(name)}</text>')
        for j in range(n_cols):
            v = values[i][j]
            x, y = x0 + j * cell + 1, y0 + i * cell + 1
            size = cell - 2
            if v is None:
                out.append(f'<rect class="masked" x="{x:g}" y="{y:g}" width="{size:g}" height="{size:g}" rx="3"/>')
                if masked_text:
                    out.append(f'<text class="val-lo" x="{x + size / 2:g}" y="{y + size / 2 + font / 3:g}" text-anchor="middle" font-size="{font:g}">{escape(masked_text)}</text>')
                continue
            cls = "cell" if not diverging or v >= 0 else "cell-neg"
            alpha = min(1.0, abs(v))
            out.append(f'<rect class="base" x="{x:g}" y="{y:g}" width="{size:g}" height="{size:g}" rx="3"/>')
            out.append(f'<rect class="{cls}" x="{x:g}" y="{y:g}" width="{size:g}" height="{size:g}" rx="3" fill-opacity="{0.08 + 0.92 * alpha:.2f}"/>')
            if fmt:
                tcls = "val-hi" if alpha > 0.45 else "val-lo"
                out.append(f'<text class="{tcls}" x="{x + size / 2:g}" y="{y + size / 2 + font / 3:g}" text-anchor="middle" font-size="{font:g}">{escape(fmt(v))}</text>')
    w, h = n_cols * cell, n_rows * cell
    if axis_labels:
        out.append(f'<text class="axis" x="{x0 + w / 2:g}" y="{y0 - 24:g}" text-anchor="middle">{escape(axis_labels[1])} →</text>')
        ax, ay = x0 - 50, y0 + h / 2
        out.append(f'<text class="axis" x="{ax:g}" y="{ay:g}" text-anchor="middle" transform="rotate(-90 {ax:g} {ay:g})">{escape(axis_labels[0])} →</text>')
    return "".join(out), x0 + w, y0 + h


def causal_mask() -> Figure:
    t = len(TOKENS)
    vals = [[1.0 if j <= i else None for j in range(t)] for i in range(t)]
    body, right, bottom = _grid(vals, TOKENS, TOKENS, 40, 96, 44, fmt=lambda v: "True", masked_text="−∞")
    legend, legend_right = _legend(96, bottom + 22, [("cell", "True: may attend (j ≤ i)"), ("masked", "False: score set to −∞")])
    return Figure(
        "causal-mask", "Causal mask for six tokens: a lower-triangular grid of allowed positions",
        body + legend, max(right + 24, legend_right), bottom + 44,
        "The causal mask for <i>T</i> = 6: query <i>i</i> may attend to keys <i>j</i> ≤ <i>i</i>. "
        "Masked scores become −∞ before the softmax, so their weights are exactly 0.",
    )


def attention_pattern() -> Figure:
    weights = _softmax_rows(_toy_scores())
    body, right, bottom = _grid(weights, TOKENS, TOKENS, 44, 96, 44, fmt=lambda v: f"{v:.2f}")
    return Figure(
        "attention-pattern", "Attention weights of a toy sentence as a heat map; each row sums to one",
        body, right + 16, bottom + 12,
        "An attention pattern: row <i>i</i> is softmax(<i>q<sub>i</sub></i> · <i>K</i><sup>T</sup> / √<i>d</i>), "
        "the weights query <i>i</i> gives every key. Each row is positive and sums to 1.",
    )


def causal_attention_pattern() -> Figure:
    weights = _softmax_rows(_toy_scores(), allowed=lambda i, j: j <= i)
    vals = [[w if j <= i else None for j, w in enumerate(row)] for i, row in enumerate(weights)]
    body, right, bottom = _grid(vals, TOKENS, TOKENS, 44, 96, 44, fmt=lambda v: f"{v:.2f}")
    return Figure(
        "causal-attention-pattern", "Causal attention weights: lower-triangular heat map, rows sum to one",
        body, right + 16, bottom + 12,
        "The same scores with the causal mask: the first token can only attend to itself (weight 1), "
        "and every row still sums to 1 over the positions it may see.",
    )


def prefix_mean() -> Figure:
    t = 6
    vals = [[1 / (i + 1) if j <= i else None for j in range(t)] for i in range(t)]
    labels = [f"x{k}" for k in range(t)]
    body, right, bottom = _grid(vals, labels, labels, 44, 96, 44, fmt=lambda v: f"1/{round(1 / v)}", axis_labels=("output t", "input s"))
    return Figure(
        "prefix-mean", "Lower-triangular averaging weights: row t holds 1/(t+1) in its first t+1 columns",
        body, right + 16, bottom + 12,
        "The weights of a running mean: output <i>t</i> averages inputs 0..<i>t</i>, so row <i>t</i> holds "
        "1/(<i>t</i>+1). Multiplying this matrix by <i>x</i> gives every prefix mean at once.",
    )


def local_block_mask() -> Figure:
    t, block = 8, 2
    vals = [[1.0 if (i // block - 1) <= (j // block) <= (i // block) else None for j in range(t)] for i in range(t)]
    labels = [str(k) for k in range(t)]
    body, right, bottom = _grid(vals, labels, labels, 30, 80, 44)
    legend, legend_right = _legend(80, bottom + 22, [("cell", "may attend"), ("masked", "masked")])
    return Figure(
        "local-block-mask", "Local block attention mask for eight positions in blocks of two",
        body + legend, max(right + 24, legend_right), bottom + 44,
        "Local block attention with block size 2: queries in a block attend to their own block and the one before it.",
    )


def head_patterns() -> Figure:
    t = 6
    kinds = {
        "previous token": lambda i, j: 1.0 if j == max(i - 1, 0) else 0.0,
        "current token": lambda i, j: 1.0 if j == i else 0.0,
        "first token": lambda i, j: 1.0 if j == 0 else 0.0,
    }
    parts, x = [], 40.0
    labels = [str(k) for k in range(t)]
    for name, rule in kinds.items():
        vals = [[rule(i, j) if j <= i else None for j in range(t)] for i in range(t)]
        body, right, bottom = _grid(vals, labels, labels, 30, x, 44, axis_labels=None)
        parts.append(body)
        parts.append(f'<text class="axis" x="{x + t * 15:g}" y="{bottom + 22:g}" text-anchor="middle">{name}</text>')
        x = right + 50
    return Figure(
        "head-patterns", "Three idealised attention patterns: previous-token, current-token and first-token heads",
        "".join(parts), x - 30, 44 + t * 30 + 34,
        "Idealised patterns of three kinds of head (rows are queries, columns keys). A detector scores "
        "a real pattern by the average weight it puts where the ideal one is 1.",
    )


def induction_pattern() -> Figure:
    L = 4
    t = 2 * L
    seq = ["A", "B", "C", "D"] * 2
    vals = [[(1.0 if (i >= L and j == i - L + 1) else 0.04) if j <= i else None for j in range(t)] for i in range(t)]
    body, right, bottom = _grid(vals, seq, seq, 30, 80, 44)
    return Figure(
        "induction-pattern", "Induction head pattern on a repeated sequence: a stripe at offset one minus L",
        body, right + 16, bottom + 12,
        "An induction head on a sequence repeated twice (<i>L</i> = 4): in the second copy each token attends to the "
        "token <i>after</i> its earlier occurrence, a stripe at offset 1 − <i>L</i> below the diagonal.",
    )


def sinusoidal_pe() -> Figure:
    n, d = 16, 16
    vals = []
    for pos in range(n):
        row = []
        for i in range(d):
            freq = 1 / (10000 ** ((i - i % 2) / d))
            row.append(math.sin(pos * freq) if i % 2 == 0 else math.cos(pos * freq))
        vals.append(row)
    body, right, bottom = _grid(vals, [str(p) if p % 5 == 0 else "" for p in range(n)], [str(i) if i % 4 == 0 else "" for i in range(d)], 16, 80, 44, diverging=True, axis_labels=("position", "dimension"))
    legend, legend_right = _legend(80, bottom + 22, [("cell", "positive"), ("cell-neg", "negative")])
    return Figure(
        "sinusoidal-pe", "Sinusoidal position encodings as a heat map over positions and dimensions",
        body + legend, max(right + 24, legend_right), bottom + 44,
        "Sinusoidal encodings for 16 positions and <i>d</i> = 16 (interleaved layout): low dimensions oscillate fast, "
        "high dimensions slowly, so every position gets a distinct pattern.",
    )


def residual_stream() -> Figure:
    y = 120
    parts = [
        '<defs><marker id="rs-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" '
        'markerWidth="9" markerHeight="9" orient="auto"><path class="arrowhead" d="M0,0 L10,5 L0,10 z"/></marker></defs>',
        f'<line class="stream" x1="136" y1="{y}" x2="690" y2="{y}"/>',
        f'<path class="stream-head" d="M688,{y - 12} L708,{y} L688,{y + 12} z"/>',
        _box(10, y - 20, 116, 40, "tokens → W_E"),
        _box(718, y - 20, 116, 40, "W_U → logits"),
        f'<text class="axis" x="420" y="{y + 50}" text-anchor="middle">residual stream x, shape (T, D): every layer reads from it and adds back</text>',
    ]
    blocks = [("attn 0", 160), ("MLP 0", 290), ("attn 1", 420), ("MLP 1", 550)]
    for i, (name, x) in enumerate(blocks):
        top = 18 if i % 2 == 0 else 30
        parts.append(_box(x, top, 100, 36, name, cls="block"))
        parts.append(f'<path class="flow" d="M{x + 14},{y - 5} L{x + 14},{top + 37}" marker-end="url(#rs-arrow)"/>')
        parts.append(f'<path class="flow" d="M{x + 86},{top + 36} L{x + 86},{y - 11}" marker-end="url(#rs-arrow)"/>')
        parts.append(f'<circle class="plus" cx="{x + 86}" cy="{y}" r="9"/>')
        parts.append(f'<text class="plus-t" x="{x + 86}" y="{y + 5}" text-anchor="middle">+</text>')
    return Figure(
        "residual-stream", "The residual stream: embedding, then attention and MLP layers that read from it and add to it, then unembedding",
        "".join(parts), 844, 184,
        "The residual stream view: each attention layer and MLP reads the stream and <i>adds</i> its output back, "
        "so the final logits are a sum of contributions that can be traced to individual heads and neurons.",
    )


def _box(x: float, y: float, w: float, h: float, text: str, cls: str = "io") -> str:
    return (
        f'<rect class="{cls}" x="{x:g}" y="{y:g}" width="{w:g}" height="{h:g}" rx="8"/>'
        f'<text class="box-t" x="{x + w / 2:g}" y="{y + h / 2 + 4:g}" text-anchor="middle">{escape(text)}</text>'
    )


def _legend(x: float, y: float, items: Sequence[tuple[str, str]]) -> tuple[str, float]:
    """A one-line legend; returns the SVG and its right edge (text width estimated at 6.4 px a char)."""
    out = []
    for cls, text in items:
        out.append(f'<rect class="{cls}" x="{x:g}" y="{y - 10:g}" width="12" height="12" rx="2"/>')
        out.append(f'<text class="lbl" x="{x + 18:g}" y="{y:g}" font-size="11">{escape(text)}</text>')
        x += 34 + 6.4 * len(text)
    return "".join(out), x


FIGURES: dict[str, Callable[[], Figure]] = {
    "causal-mask": causal_mask,
    "attention-pattern": attention_pattern,
    "causal-attention-pattern": causal_attention_pattern,
    "prefix-mean": prefix_mean,
    "local-block-mask": local_block_mask,
    "head-patterns": head_patterns,
    "induction-pattern": induction_pattern,
    "sinusoidal-pe": sinusoidal_pe,
    "residual-stream": residual_stream,
}

# Which figures an exercise page shows by default (before **Inputs**), keyed by slug.
FIGURES_BY_SLUG: dict[str, tuple[str, ...]] = {
    "sdpa": ("attention-pattern",),
    "causal-mask": ("causal-mask", "causal-attention-pattern"),
    "prefix-mean": ("prefix-mean",),
    "local-block-attention": ("local-block-mask",),
    "head-detectors": ("head-patterns",),
    "induction-score": ("induction-pattern",),
    "sinusoidal-pe": ("sinusoidal-pe",),
    "direct-logit-attribution": ("residual-stream",),
}

FIGURES_BY_TRACK: dict[str, tuple[str, ...]] = {
    "attention": ("causal-mask",),
    "interpretability": ("residual-stream",),
}

_cache: dict[str, str] = {}


def figure_html(name: str) -> str:
    """The <figure> for a name; an unknown name gives "" (a typo must not break a build)."""
    if name not in _cache:
        make = FIGURES.get(name)
        _cache[name] = make().html() if make else ""
    return _cache[name]


def figures_for_exercise(slug: str) -> str:
    return "".join(figure_html(n) for n in FIGURES_BY_SLUG.get(slug, ()))


def figures_for_track(slug: str) -> str:
    return "".join(figure_html(n) for n in FIGURES_BY_TRACK.get(slug, ()))
