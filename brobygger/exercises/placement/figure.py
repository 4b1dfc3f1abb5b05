"""The projector's plane: regions with their counts, everyone's point, where they want to be, and where they stood before."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from brobygger.exercises.figure import FONT_SIZE, REGION_COLOURS, group_colours, layout
from brobygger.exercises.placement.model import Definition
from brobygger.exercises.unit import FigureView, text
from brobygger.groups import default_groups, group_label


def plane_figure(defn: Definition, summary: dict[str, Any], view: FigureView) -> go.Figure:
    """The plane with its named regions, everyone's point coloured by group, lines to where they want
    to be, and (with `view.earlier`) a dotted line from where each person stood at an earlier meeting."""
    lang, fallback, earlier = view.lang, view.fallback, view.earlier
    fig = go.Figure()
    colours, groups = group_colours(summary), view.groups or default_groups()
    if earlier:
        for group in summary["groups"]:
            moved = [p for p in summary["points"] if p["group"] == group and p["pseudonym"] in earlier]
            if moved:
                before = [earlier[p["pseudonym"]] for p in moved]
                _segments(fig, before, [p["now"] for p in moved], colours[group], width=3, dash="dot", opacity=0.7)
                fig.add_trace(_open_markers(before, colours[group], size=14, width=2))
    for i, region in enumerate(defn.regions):
        fig.add_shape(
            type="rect",
            x0=region.x[0],
            x1=region.x[1],
            y0=region.y[0],
            y1=region.y[1],
            fillcolor=REGION_COLOURS[i % len(REGION_COLOURS)],
            line={"color": "white", "width": 3},
            layer="below",
        )
        count = summary["region_counts"][region.id]["total"]
        fig.add_annotation(
            x=(region.x[0] + region.x[1]) / 2,
            y=region.y[1] - 0.03,
            yanchor="top",
            showarrow=False,
            text=f"<b>{text(region.label, lang, fallback)}</b>  ({count})",
            font={"size": 24, "color": "#1f2937"},
        )
    # Now -> wanted as one line trace per group (segments split by None) and a small marker at the
    # wanted end: a few traces instead of one annotation per person, so 300 people draw at once.
    for group in summary["groups"]:
        moves = [p for p in summary["points"] if p["group"] == group and p["wanted"]]
        if moves:
            wanted = [p["wanted"] for p in moves]
            _segments(fig, [p["now"] for p in moves], wanted, colours[group], width=2, opacity=0.45)
            fig.add_trace(_open_markers(wanted, colours[group], size=11, width=3, opacity=0.7))
    for group in summary["groups"]:
        points = [p for p in summary["points"] if p["group"] == group]
        if not points:
            continue
        fig.add_trace(
            go.Scatter(
                x=[p["now"]["x"] for p in points],
                y=[p["now"]["y"] for p in points],
                mode="markers",
                name=f"{group_label(groups, group, lang, fallback, pooled=True)} ({len(points)})",
                marker={"size": 22, "color": colours[group], "line": {"color": "white", "width": 2}},
                customdata=[p["pseudonym"] for p in points],
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    axis = {"range": [-0.01, 1.01], "showgrid": False, "zeroline": False, "showticklabels": False, "fixedrange": True}
    x, y = defn.axes.x, defn.axes.y
    x_title = f"{text(x.low, lang, fallback)}  ←  <b>{text(x.label, lang, fallback)}</b>  →  {text(x.high, lang, fallback)}"
    fig.update_xaxes(**axis, title={"text": x_title})
    fig.update_yaxes(**axis, title={"text": f"<b>{text(y.label, lang, fallback)}</b>  →"})
    # The y axis is short on a wide screen: its ends are written inside the plane, top and bottom left.
    for value, anchor, label in (
        (1.0, "top", f"↑ {text(y.high, lang, fallback)}"),
        (0.0, "bottom", f"↓ {text(y.low, lang, fallback)}"),
    ):
        fig.add_annotation(
            x=0.005,
            y=value,
            xanchor="left",
            yanchor=anchor,
            showarrow=False,
            text=label,
            font={"size": FONT_SIZE, "color": "#374151"},
        )
    return layout(fig, view.height)


def _segments(
    fig: go.Figure, starts: list[dict], ends: list[dict], colour: str, *, width: int, opacity: float, dash: str | None = None
) -> None:
    """Lines from each start to its end as one trace (segments split by None)."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for a, b in zip(starts, ends, strict=True):
        xs += [a["x"], b["x"], None]
        ys += [a["y"], b["y"], None]
    line = {"color": colour, "width": width, **({"dash": dash} if dash else {})}
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=line, opacity=opacity, hoverinfo="skip", showlegend=False))


def _open_markers(points: list[dict], colour: str, *, size: int, width: int, opacity: float | None = None) -> go.Scatter:
    return go.Scatter(
        x=[p["x"] for p in points],
        y=[p["y"] for p in points],
        mode="markers",
        hoverinfo="skip",
        showlegend=False,
        marker={"size": size, "symbol": "circle-open", "color": colour, "line": {"width": width}},
        opacity=opacity,
    )
