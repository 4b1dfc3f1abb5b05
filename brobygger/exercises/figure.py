"""What every type's projector figure shares: colours, type sizes read from the back of a room, and bars."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from brobygger.groups import Groups, default_groups, group_label

PALETTE = [
    "#0b5cad",
    "#c2410c",
    "#15803d",
    "#7c3aed",
    "#b45309",
    "#0e7490",
    "#be123c",
    "#4d7c0f",
    "#9333ea",
    "#0369a1",
    "#a16207",
    "#374151",
]
NO_GROUP_COLOUR = "#9ca3af"
REGION_COLOURS = ["#dbeafe", "#fde7d9", "#dcfce7", "#f3e8ff", "#fef9c3", "#e5e7eb"]
#: The smallest letters on the wall: 24 px is about 1/200 of ten metres' view on a 1920x1080 screen.
FONT_SIZE = 24
FONT = {"family": "Inter, Segoe UI, Roboto, sans-serif", "size": FONT_SIZE, "color": "#111827"}
#: One colour per scale where a figure compares two scales (e.g. the matrix's importance and practice).
SCALE_COLOURS = ["#0b5cad", "#c2410c"]


def group_colours(summary: dict[str, Any]) -> dict[str, str]:
    """A colour per group, in the programme's order (Bifrost: advisors blue, companies orange)."""
    colours = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(summary["groups"]) if g != "none"}
    colours["none"] = NO_GROUP_COLOUR
    return colours


def counted(entries: list[str]) -> list[str]:
    """The same answer given by several people once, with how many gave it, most given first.

    Forty answers do not fit on one wall; repeats folded together usually do (projector and report).
    """
    counts: dict[str, int] = {}
    first: dict[str, str] = {}
    for entry in entries:
        key = " ".join(entry.split()).casefold()
        counts[key] = counts.get(key, 0) + 1
        first.setdefault(key, entry)
    ordered = sorted(counts, key=lambda k: -counts[k])
    return [f"{first[k]} ({counts[k]})" if counts[k] > 1 else first[k] for k in ordered]


def wrap(text: str, width: int = 38, lines: int = 3) -> str:
    """Long labels over at most `lines` lines (plotly breaks lines only where told)."""
    words, out, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > width and line:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    out.append(line)
    return "<br>".join(out[:lines]) + ("…" if len(out) > lines else "")


def layout(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 24, "r": 40, "t": 24, "b": 24},
        font=FONT,
        paper_bgcolor="white",
        plot_bgcolor="white",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0, "font": {"size": FONT_SIZE}},
        uirevision="keep",
        # Text inside a bar too narrow for 24 px is left out rather than shrunk below what the back row reads.
        uniformtext={"minsize": FONT_SIZE, "mode": "hide"},
    )
    # Room for tick numbers and axis titles is measured by plotly, so nothing is cut at the edges.
    fig.update_xaxes(automargin=True, tickfont={"size": FONT_SIZE}, title_font={"size": FONT_SIZE})
    fig.update_yaxes(automargin=True, tickfont={"size": FONT_SIZE}, title_font={"size": FONT_SIZE})
    return fig


def stacked_bars(
    labels: list[str],
    by_group: dict[str, list[float]],
    lang: str,
    height: int,
    summary: dict[str, Any],
    groups: Groups | None,
    fallback: str = "en",
) -> go.Figure:
    """Horizontal bars stacked by group, each segment labelled with its count."""
    fig = go.Figure()
    colours, groups = group_colours(summary), groups or default_groups()
    for group in summary["groups"]:
        values = by_group.get(group, [])
        if not any(values):
            continue
        fig.add_trace(
            go.Bar(
                y=labels,
                x=values,
                orientation="h",
                name=group_label(groups, group, lang, fallback, pooled=True),
                marker_color=colours[group],
                text=[v or "" for v in values],
                textposition="inside",
                textfont={"size": FONT_SIZE, "color": "white"},
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed", fixedrange=True, automargin=True)
    fig.update_xaxes(gridcolor="#e5e7eb", fixedrange=True, dtick=1)
    return layout(fig, height)


def mean_bars(labels: list[str], means: list[float | None], height: int, *, size: int = FONT_SIZE) -> go.Figure:
    """One horizontal bar per item with its mean written inside."""
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=[m or 0 for m in means],
            orientation="h",
            marker_color="#0b5cad",
            text=[f"{m:.1f}" if m else "" for m in means],
            textposition="inside",
            textfont={"size": size, "color": "white"},
        )
    )
    fig.update_yaxes(autorange="reversed", fixedrange=True, automargin=True)
    return layout(fig, height)
