"""The assignment on the projector: a small interest-versus-capacity plot per item, and the decided table.

Read from the back row: the small plots carry only their number (24 px) and the table beside them the numbered
item names, so no name is shrunk to fit a small plot. Tick numbers (1, 3, 5 on a five-point scale) stand only on
the outer plots, and one line under and one beside the grid name the axes.
"""

from __future__ import annotations

import math
from typing import Any

import plotly.graph_objects as go

from brobygger.exercises.figure import FONT, FONT_SIZE, PALETTE, layout
from brobygger.exercises.unit import FigureView, text
from brobygger.i18n import t

#: Pixels the figure keeps for a line of 24 px text: a plot's number above it, the tick numbers below it.
LINE = 34
#: Share of the width the decided table takes when there is one.
TABLE_SHARE = 0.62


def _label(entry: Any, lang: str, fallback: str) -> str:
    return text(entry.label, lang, fallback) or entry.id


def _ticks(scale: Any) -> list[int]:
    """Low, middle and high of a scale: every step at 24 px would run the numbers of a small plot together."""
    return sorted({scale.min, (scale.min + scale.max) // 2, scale.max})


def assignment_figure(defn: Any, summary: dict[str, Any], view: FigureView) -> go.Figure:
    """Each item its own numbered plot (interest across, capacity up, one point per group); decided points are stars."""
    lang, fallback = view.lang, view.fallback
    n_items = len(defn.items)
    table = defn.decision
    # plots about as wide as tall: beside the table 11 items in 3 columns, 2 items one above the other
    cols = min(n_items, max(1, round(math.sqrt(n_items * (0.8 if table else 2)))))
    rows = math.ceil(n_items / cols)
    height = view.height
    margin = {"l": 64, "r": 8, "t": 4, "b": 4}
    inner = height - margin["t"] - margin["b"]
    top = 1 - (LINE + 4) / inner  # the legend's line above the plots and the table
    bottom = 2 * LINE / inner  # the last row's tick numbers and the line naming the axis across
    title = LINE / inner
    row_height = (top - bottom) / rows
    grid_right = 1 - TABLE_SHARE - 0.03 if table else 1
    gap = 0.012
    col_width = grid_right / cols
    last_in_col = {c: max(n for n in range(n_items) if n % cols == c) for c in range(min(cols, n_items))}

    fig = go.Figure()
    cells = {(c["item"], c["group"]): c for c in summary["cells"]}
    colours = {g.id: PALETTE[n % len(PALETTE)] for n, g in enumerate(defn.groups)}
    shown: set[str] = set()
    annotations = []
    for n, item in enumerate(defn.items):
        row, col = n // cols, n % cols
        k = "" if n == 0 else str(n + 1)
        x0, x1 = col * col_width + (gap if col else 0), (col + 1) * col_width - gap
        y1 = top - row * row_height - title
        y0 = top - (row + 1) * row_height + (0.012 if row < rows - 1 else 0)
        fig.update_layout(
            {
                f"xaxis{k}": {
                    "domain": [x0, x1],
                    "anchor": f"y{k}",
                    "range": [defn.interest.min - 0.5, defn.interest.max + 0.5],
                    "tickvals": _ticks(defn.interest),
                    "showticklabels": n == last_in_col[col],
                    "minor": {"dtick": 1, "showgrid": True, "gridcolor": "#eef0f3"},
                },
                f"yaxis{k}": {
                    "domain": [y0, y1],
                    "anchor": f"x{k}",
                    "range": [defn.capacity.min - 0.5, defn.capacity.max + 0.5],
                    "tickvals": _ticks(defn.capacity),
                    "showticklabels": col == 0,
                    "minor": {"dtick": 1, "showgrid": True, "gridcolor": "#eef0f3"},
                },
            }
        )
        annotations.append(
            {
                "text": f"<b>{n + 1}</b>",
                "x": (x0 + x1) / 2,
                "y": y1,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "center",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": FONT_SIZE},
            }
        )
        # an empty trace keeps each plot's axes drawn before anyone has answered
        fig.add_trace(go.Scatter(x=[None], y=[None], showlegend=False, hoverinfo="skip", xaxis=f"x{k}", yaxis=f"y{k}"))
        for group in defn.groups:
            cell = cells[(item.id, group.id)]
            if cell["interest"] is None or cell["capacity"] is None:
                continue
            fig.add_trace(
                go.Scatter(
                    x=[cell["interest"]],
                    y=[cell["capacity"]],
                    xaxis=f"x{k}",
                    yaxis=f"y{k}",
                    mode="markers",
                    name=_label(group, lang, fallback),
                    legendgroup=group.id,
                    showlegend=group.id not in shown,
                    customdata=[[cell["n"], 1 if cell["decided"] else 0]],
                    hovertemplate="%{x:.1f} / %{y:.1f} (n=%{customdata[0]})<extra></extra>",
                    marker={
                        "size": 18,
                        "color": colours[group.id],
                        "symbol": "star" if cell["decided"] else "circle",
                        "line": {"color": "#111827" if cell["decided"] else "white", "width": 2},
                    },
                )
            )
            shown.add(group.id)
    interest = text(defn.interest.label, lang, fallback) or "interest"
    capacity = text(defn.capacity.label, lang, fallback) or "capacity"
    # one line under the grid and one beside it name both axes, instead of a title crowding every small plot
    axis = {"xref": "paper", "yref": "paper", "showarrow": False, "font": {"size": FONT_SIZE}}
    annotations.append(axis | {"text": f"{interest} →", "x": grid_right / 2, "y": 0, "yanchor": "bottom"})
    annotations.append(
        axis
        | {
            "text": f"{capacity} →",
            "textangle": -90,
            "x": 0,
            "xanchor": "right",
            "xshift": -28,  # left of the tick numbers
            "y": (top - title + bottom) / 2,
        }
    )
    if table:
        decided = {
            item.id: [_label(g, lang, fallback) for g in defn.groups if cells[(item.id, g.id)]["decided"]] for item in defn.items
        }
        zebra = ["white" if n % 2 else "#f3f4f6" for n in range(n_items)]
        none = t("chart.assign_none", lang) if not summary.get("has_decision") else "–"
        fig.add_trace(
            go.Table(
                domain={"x": [1 - TABLE_SHARE, 1], "y": [0, top]},
                columnwidth=[1, 1],  # the decided groups need as much room as the names
                header={
                    "values": [
                        text(defn.items_title, lang, fallback) or t("chart.assign_item", lang),
                        f"{t('chart.assign_decided', lang)}: {text(defn.groups_title, lang, fallback) or t('chart.assign_group', lang)}",
                    ],
                    "font": FONT | {"size": FONT_SIZE},
                    "fill": {"color": "#dbeafe"},
                    "line": {"color": "white", "width": 2},
                    "align": "left",
                    "height": LINE + 4,
                },
                cells={
                    "values": [
                        [f"{n}. {_label(i, lang, fallback)}" for n, i in enumerate(defn.items, start=1)],
                        [", ".join(decided[i.id]) or none for i in defn.items],
                    ],
                    "font": FONT | {"size": FONT_SIZE},
                    "fill": {"color": [zebra, zebra]},  # rows told apart by shade, not by space
                    "line": {"color": "white", "width": 2},
                    "align": "left",
                    "height": LINE - 2,
                },
            )
        )
    fig = layout(fig, height)
    fig.update_xaxes(fixedrange=True, showgrid=False, zeroline=False, showline=True, linecolor="#9ca3af", mirror=True)
    fig.update_yaxes(fixedrange=True, showgrid=False, zeroline=False, showline=True, linecolor="#9ca3af", mirror=True)
    fig.update_layout(
        margin=margin,
        annotations=annotations,
        legend={"y": 1, "yanchor": "top", "x": 0, "xanchor": "left", "itemwidth": 30},
    )
    return fig
