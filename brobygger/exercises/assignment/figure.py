"""The assignment on the projector: a small interest-versus-capacity plot per item, and the decided table."""

from __future__ import annotations

import math
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from brobygger.exercises.figure import PALETTE, layout, wrap
from brobygger.exercises.unit import FigureView, text
from brobygger.i18n import t


def _label(entry: Any, lang: str, fallback: str) -> str:
    return text(entry.label, lang, fallback) or entry.id


def assignment_figure(defn: Any, summary: dict[str, Any], view: FigureView) -> go.Figure:
    """Each item its own plot (interest across, capacity up, one point per group); decided points ringed in black."""
    lang, fallback = view.lang, view.fallback
    n_items = len(defn.items)
    cols = min(4, n_items)
    rows = math.ceil(n_items / cols)
    table = defn.decision
    specs: list[list[Any]] = []
    for r in range(rows):
        line: list[Any] = [{"type": "xy"} for _ in range(cols)]
        if table:
            line.append({"type": "table", "rowspan": rows} if r == 0 else None)
        specs.append(line)
    names = [wrap(f"{n}. {_label(i, lang, fallback)}", 30) for n, i in enumerate(defn.items, start=1)]
    names += [""] * (rows * cols - n_items)
    titles = []  # in the order of the grid's cells: the table's one cell (first row, last column) has none
    for r in range(rows):
        titles += names[r * cols : (r + 1) * cols] + ([""] if table and r == 0 else [])
    fig = make_subplots(
        rows=rows,
        cols=cols + (1 if table else 0),
        specs=specs,
        subplot_titles=titles,
        column_widths=([0.62 / cols] * cols + [0.38]) if table else None,
        horizontal_spacing=0.04,
        vertical_spacing=0.16 if rows > 1 else 0.1,
    )
    cells = {(c["item"], c["group"]): c for c in summary["cells"]}
    colours = {g.id: PALETTE[n % len(PALETTE)] for n, g in enumerate(defn.groups)}
    shown: set[str] = set()
    for n, item in enumerate(defn.items):
        row, col = n // cols + 1, n % cols + 1
        # an empty trace keeps each plot's axes drawn before anyone has answered
        fig.add_trace(go.Scatter(x=[None], y=[None], showlegend=False, hoverinfo="skip"), row=row, col=col)
        for group in defn.groups:
            cell = cells[(item.id, group.id)]
            if cell["interest"] is None or cell["capacity"] is None:
                continue
            fig.add_trace(
                go.Scatter(
                    x=[cell["interest"]],
                    y=[cell["capacity"]],
                    mode="markers",
                    name=_label(group, lang, fallback),
                    legendgroup=group.id,
                    showlegend=group.id not in shown,
                    customdata=[[cell["n"], 1 if cell["decided"] else 0]],
                    hovertemplate="%{x:.1f} / %{y:.1f} (n=%{customdata[0]})<extra></extra>",
                    marker={
                        "size": 20,
                        "color": colours[group.id],
                        "symbol": "star" if cell["decided"] else "circle",
                        "line": {"color": "#111827" if cell["decided"] else "white", "width": 3},
                    },
                ),
                row=row,
                col=col,
            )
            shown.add(group.id)
        fig.update_xaxes(range=[defn.interest.min - 0.5, defn.interest.max + 0.5], dtick=1, row=row, col=col)
        fig.update_yaxes(range=[defn.capacity.min - 0.5, defn.capacity.max + 0.5], dtick=1, row=row, col=col)
    fig.update_xaxes(fixedrange=True, gridcolor="#e5e7eb", tickfont={"size": 14}, zeroline=False)
    fig.update_yaxes(fixedrange=True, gridcolor="#e5e7eb", tickfont={"size": 14}, zeroline=False)
    interest = text(defn.interest.label, lang, fallback) or "interest"
    capacity = text(defn.capacity.label, lang, fallback) or "capacity"
    fig.update_annotations(font={"size": 16})
    if table:
        decided = {
            item.id: [_label(g, lang, fallback) for g in defn.groups if cells[(item.id, g.id)]["decided"]] for item in defn.items
        }
        none = t("chart.assign_none", lang) if not summary.get("has_decision") else "–"
        fig.add_trace(
            go.Table(
                columnwidth=[3, 2],
                header={
                    "values": [
                        text(defn.items_title, lang, fallback) or t("chart.assign_item", lang),
                        f"{t('chart.assign_decided', lang)}: {text(defn.groups_title, lang, fallback) or t('chart.assign_group', lang)}",
                    ],
                    "font": {"size": 17, "color": "white"},
                    "fill": {"color": "#0b5cad"},
                    "align": "left",
                },
                cells={
                    "values": [
                        [f"{n}. {_label(i, lang, fallback)}" for n, i in enumerate(defn.items, start=1)],
                        [", ".join(decided[i.id]) or none for i in defn.items],
                    ],
                    "font": {"size": 16},
                    "align": "left",
                    "height": 30,
                },
            ),
            row=1,
            col=cols + 1,
        )
    fig = layout(fig, view.height)
    # one line names both axes (across: interest, up: capacity) instead of a title crowding every small plot
    fig.update_layout(
        margin={"l": 30, "r": 20, "t": 60, "b": 20},
        legend={"y": 1.06, "title": {"text": f"{interest} →   {capacity} ↑   ", "font": {"size": 18}}},
    )
    return fig
