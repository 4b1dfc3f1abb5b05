"""The projector's figures as PNG pictures for reports, drawn on the server with matplotlib.

Plotly's own image export needs a Chrome; a report made on a fresh server must not. So the report
asks each exercise type for the very figure the projector shows (same data, same colours, small
groups pooled the same way) and redraws its traces, shapes and annotations with matplotlib's Agg
renderer. A new exercise type whose figure uses bars, markers, lines, rectangles and labels gets a
report picture without a line written for it.
"""

from __future__ import annotations

import io
import math
import re
from typing import Any

import plotly.graph_objects as go
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from brobygger.exercises.figure import FONT

WIDTH_IN = 6.7  # an A4 page's text width
DPI = 200
TEXT_PT = 8.5
MARKERS = {"circle": "o", "diamond": "D", "square": "s", "triangle-up": "^", "x": "x", "cross": "P", "star": "*"}
DASHES = {"dot": ":", "dash": "--", "dashdot": "-."}
HA = {"left": "left", "center": "center", "right": "right", "auto": "center", None: "center"}
VA = {"top": "top", "middle": "center", "bottom": "bottom", "auto": "center", None: "center"}


def plain(text: Any) -> str:
    """Plotly's small HTML (<br>, <b>) as plain text with line breaks."""
    if text is None:
        return ""
    return re.sub(r"<[^>]+>", "", re.sub(r"<br\s*/?>", "\n", str(text)))


def _is_category(values: Any) -> bool:
    return values is not None and any(isinstance(v, str) for v in values)


class _Axis:
    """One axis's categories (in order of first appearance) or numbers."""

    def __init__(self, traces: list[Any], attribute: str) -> None:
        self.categories: list[str] = []
        for trace in traces:
            values = getattr(trace, attribute, None)
            if _is_category(values):
                for v in values:
                    if isinstance(v, str) and v not in self.categories:
                        self.categories.append(v)

    def place(self, values: Any) -> list[float]:
        out = []
        for v in values or []:
            if v is None:
                out.append(math.nan)
            elif self.categories and isinstance(v, str):
                out.append(float(self.categories.index(v)))
            else:
                out.append(float(v))
        return out


def _listed(value: Any, n: int) -> list[Any]:
    if isinstance(value, list | tuple):
        return list(value) + [None] * (n - len(value))
    return [value] * n


def _bars(ax: Any, bars: list[go.Bar], xs: _Axis, ys: _Axis, barmode: str | None) -> None:
    stacked = barmode in ("stack", "relative")
    base: dict[float, float] = {}
    width = 0.7 if stacked or len(bars) == 1 else 0.8 / len(bars)
    for k, bar in enumerate(bars):
        horizontal = bar.orientation == "h"
        where = ys.place(bar.y) if horizontal else xs.place(bar.x)
        sizes = [0.0 if math.isnan(v) else v for v in (xs.place(bar.x) if horizontal else ys.place(bar.y))]
        if not stacked and len(bars) > 1:
            where = [w - 0.4 + width * (k + 0.5) for w in where]
        starts = [base.get(w, 0.0) if stacked else 0.0 for w in where]
        colour = bar.marker.color if bar.marker and bar.marker.color else FONT["color"]
        draw = ax.barh if horizontal else ax.bar
        kwargs = {"left": starts, "height": width} if horizontal else {"bottom": starts, "width": width}
        draw(where, sizes, color=colour, label=plain(bar.name) if bar.name else None, **kwargs)
        texts = _listed(bar.text, len(where))
        for w, s, size, label in zip(where, starts, sizes, texts, strict=False):
            if label not in (None, "") and size:
                at = (s + size / 2, w) if horizontal else (w, s + size / 2)
                ax.text(*at, plain(label), ha="center", va="center", color="white", fontsize=TEXT_PT, fontweight="bold")
        if stacked:
            for w, s, size in zip(where, starts, sizes, strict=False):
                base[w] = s + size


def _scatter(ax: Any, trace: go.Scatter, xs: _Axis, ys: _Axis) -> None:
    x, y = xs.place(trace.x), ys.place(trace.y)
    mode = trace.mode or "markers"
    opacity = trace.opacity if trace.opacity is not None else 1.0
    label = plain(trace.name) if trace.name and trace.showlegend is not False else None
    line = trace.line
    if "lines" in mode:
        colour = (line.color if line and line.color else None) or (trace.marker.color if trace.marker else None)
        ax.plot(
            x,
            y,
            color=colour if isinstance(colour, str) else None,
            linewidth=(line.width or 2) * 0.6 if line else 1.2,
            linestyle=DASHES.get(line.dash, "-") if line and line.dash else "-",
            alpha=opacity,
            label=label if "markers" not in mode else None,
            zorder=2,
        )
    if "markers" in mode:
        marker = trace.marker
        symbol = (marker.symbol if marker and marker.symbol else "circle") if marker else "circle"
        symbol = symbol if isinstance(symbol, str) else "circle"
        hollow = symbol.endswith("-open")
        colour = (marker.color if marker and marker.color else None) or (line.color if line and line.color else None)
        colour = colour or FONT["color"]
        size = (marker.size if marker and isinstance(marker.size, int | float) else 10) * 0.42
        alpha = (marker.opacity if marker and isinstance(marker.opacity, int | float) else 1.0) * opacity
        edge = marker.line.color if marker and marker.line and isinstance(marker.line.color, str) else None
        ax.scatter(
            x,
            y,
            s=size**2,
            marker=MARKERS.get(symbol.removesuffix("-open"), "o"),
            facecolors="none" if hollow else colour,
            edgecolors=colour if hollow else (edge or colour),
            linewidths=1.4 if hollow else 0.6,
            alpha=alpha,
            label=label,
            zorder=3,
        )
    if "text" in mode and trace.text is not None:
        colour = trace.textfont.color if trace.textfont and isinstance(trace.textfont.color, str) else FONT["color"]
        sides = _listed(trace.textposition or "middle center", len(x))
        for px, py, words, side in zip(x, y, _listed(trace.text, len(x)), sides, strict=False):
            if words and not (math.isnan(px) or math.isnan(py)):
                vertical, _, horizontal = (side or "middle center").partition(" ")
                dx = {"left": -9, "right": 9}.get(horizontal, 0)
                dy = {"top": 7, "bottom": -7}.get(vertical, 0)
                ax.annotate(
                    plain(words),
                    (px, py),
                    xytext=(dx, dy),
                    textcoords="offset points",
                    ha={"left": "right", "right": "left"}.get(horizontal, "center"),
                    va={"top": "bottom", "bottom": "top"}.get(vertical, "center"),
                    fontsize=TEXT_PT,
                    color=colour,
                    fontweight="bold",
                    zorder=4,
                )


def _axis(ax: Any, which: str, spec: Any, scale: _Axis) -> None:
    set_lim, set_label, axis = (ax.set_xlim, ax.set_xlabel, ax.xaxis) if which == "x" else (ax.set_ylim, ax.set_ylabel, ax.yaxis)
    if scale.categories:
        ticks = list(range(len(scale.categories)))
        (ax.set_xticks if which == "x" else ax.set_yticks)(ticks, [plain(c) for c in scale.categories], fontsize=TEXT_PT)
        set_lim(-0.6, len(scale.categories) - 0.4)
    elif spec.range is not None:
        set_lim(*spec.range)
    if isinstance(spec.dtick, int | float) and not scale.categories:
        lo, hi = ax.get_xlim() if which == "x" else ax.get_ylim()
        start = math.ceil(lo / spec.dtick) * spec.dtick
        ticks = [start + i * spec.dtick for i in range(int((hi - start) / spec.dtick) + 1)]
        (ax.set_xticks if which == "x" else ax.set_yticks)(ticks)
    if spec.autorange == "reversed":
        (ax.invert_xaxis if which == "x" else ax.invert_yaxis)()
    if spec.showticklabels is False:
        axis.set_ticklabels([])
        axis.set_ticks([])
    if spec.title and spec.title.text:
        set_label(plain(spec.title.text), fontsize=TEXT_PT)
    ax.tick_params(axis=which, labelsize=TEXT_PT, colors="#374151")
    if spec.showgrid is not False and spec.gridcolor:
        ax.grid(True, axis=which, color=spec.gridcolor, linewidth=0.8, zorder=0)
        ax.set_axisbelow(True)


def _decorations(ax: Any, layout: go.Layout) -> None:
    for shape in layout.shapes or ():
        if shape.type == "rect":
            ax.add_patch(
                Rectangle(
                    (shape.x0, shape.y0),
                    shape.x1 - shape.x0,
                    shape.y1 - shape.y0,
                    facecolor=shape.fillcolor or "none",
                    edgecolor=(shape.line.color if shape.line and shape.line.color else "none"),
                    linewidth=1.5,
                    zorder=0,
                )
            )
    for note in layout.annotations or ():
        paper = note.xref == "paper" or note.yref == "paper"
        ax.text(
            note.x,
            note.y,
            plain(note.text),
            transform=ax.transAxes if paper else ax.transData,
            ha=HA.get(note.xanchor, "center"),
            va=VA.get(note.yanchor, "center"),
            fontsize=TEXT_PT,
            color=(note.font.color if note.font and note.font.color else FONT["color"]),
            fontweight="bold" if "<b>" in str(note.text) else "normal",
            zorder=5,
        )


def _height(xs: _Axis, ys: _Axis) -> float:
    """Tall enough for every row's label lines (a category chart) or a fixed plane."""
    if not ys.categories:
        return 4.2
    lines = sum(plain(c).count("\n") + 1 for c in ys.categories)
    return min(9.0, max(2.6, 1.3 + 0.2 * lines + 0.12 * len(ys.categories)))


def figure_png(fig: go.Figure) -> bytes:
    """The plotly figure redrawn as a PNG the width of an A4 page's text (no browser, no network)."""
    traces = list(fig.data)
    xs, ys = _Axis(traces, "x"), _Axis(traces, "y")
    picture = Figure(figsize=(WIDTH_IN, _height(xs, ys)), dpi=DPI)
    FigureCanvasAgg(picture)
    ax = picture.add_subplot()
    picture.patch.set_facecolor("white")
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    bars = [t for t in traces if t.type == "bar"]
    if bars:
        _bars(ax, bars, xs, ys, fig.layout.barmode)
    for trace in traces:
        if trace.type == "scatter":
            _scatter(ax, trace, xs, ys)
    _decorations(ax, fig.layout)
    _axis(ax, "x", fig.layout.xaxis, xs)
    _axis(ax, "y", fig.layout.yaxis, ys)
    handles, labels = ax.get_legend_handles_labels()
    if labels:
        ax.legend(
            handles,
            labels,
            loc="upper left",
            bbox_to_anchor=(0.0, -0.14 if fig.layout.xaxis.title.text else -0.07),
            ncol=1 if max(len(label) for label in labels) > 30 else min(3, len(labels)),
            fontsize=TEXT_PT,
            frameon=False,
        )
    picture.tight_layout()
    out = io.BytesIO()
    picture.savefig(out, format="png", dpi=DPI, facecolor="white", bbox_inches="tight", pad_inches=0.1)
    return out.getvalue()
