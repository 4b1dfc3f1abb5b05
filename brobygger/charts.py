"""Plotly figures for the projector and Organise that are not one exercise's: dispatch, trends, absence figures."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from brobygger.exercises import registry
from brobygger.exercises.figure import FONT_SIZE, PALETTE, layout, wrap
from brobygger.exercises.unit import FigureView, TextCards, text
from brobygger.groups import Groups
from brobygger.i18n import t


def figure_for(
    defn: Any,
    summary: dict[str, Any],
    lang: str,
    fallback: str = "en",
    height: int = 760,
    groups: Groups | None = None,
    earlier: Any = None,
    *,
    by_group: bool = False,
) -> go.Figure | TextCards:
    """The projector's picture of an exercise, drawn by its type: a chart, or text cards."""
    view = FigureView(lang=lang, fallback=fallback, height=height, groups=groups, earlier=earlier, by_group=by_group)
    return registry.get(defn.type).figure(defn, summary, view)


def evaluation_trend_figure(rows: list[dict[str, Any]], lang: str, fallback: str = "en", height: int = 480) -> go.Figure:
    """Each evaluation item's mean over the programme's meetings."""
    fig = go.Figure()
    meetings_in_order = list(dict.fromkeys(r["meeting"] for r in rows))
    for i, item in enumerate(dict.fromkeys(r["item"] for r in rows)):
        points = {r["meeting"]: r for r in rows if r["item"] == item}
        label = next(iter(points.values()))["label"]
        fig.add_trace(
            go.Scatter(
                x=meetings_in_order,
                y=[points[m]["mean"] if m in points else None for m in meetings_in_order],
                mode="lines+markers",
                name=wrap(text(label, lang, fallback), 40),
                line={"color": PALETTE[i % len(PALETTE)]},
            )
        )
    fig.update_yaxes(fixedrange=True, gridcolor="#e5e7eb")
    fig.update_xaxes(fixedrange=True)
    return layout(fig, height).update_layout(legend={"orientation": "v", "x": 1.01, "y": 1, "font": {"size": FONT_SIZE}})


def figures_figure(rows: list[Any], lang: str, height: int = 740) -> go.Figure:
    """Absence per workplace over the months: one line each, the latest value labelled."""
    fig = go.Figure()
    workplaces = sorted({r.workplace for r in rows})
    palette = ["#0b5cad", "#c2410c", "#15803d", "#7c3aed", "#b45309", "#0e7490", "#be123c", "#4b5563"]
    for i, workplace in enumerate(workplaces):
        points = sorted((r.month, r.value) for r in rows if r.workplace == workplace)
        fig.add_trace(
            go.Scatter(
                x=[p[0] for p in points],
                y=[p[1] for p in points],
                mode="lines+markers+text",
                name=workplace,
                line={"width": 4, "color": palette[i % len(palette)]},
                marker={"size": 10},
                text=[""] * (len(points) - 1) + [f"{points[-1][1]:.1f}"],
                textposition="middle right",
            )
        )
    fig.update_yaxes(title={"text": t("figures.axis", lang)}, rangemode="tozero", gridcolor="#e5e7eb", fixedrange=True)
    fig.update_xaxes(title={"text": t("figures.month", lang)}, dtick="M1", tickformat="%Y-%m", fixedrange=True)
    return layout(fig, height)


def has_split(rows: list[Any]) -> bool:
    """Whether any uploaded figure keeps short-term and long-term absence apart."""
    return any(r.short_term is not None or r.long_term is not None for r in rows)


def figures_split_figure(rows: list[Any], lang: str, height: int = 420) -> go.Figure:
    """Short-term and long-term absence side by side for each workplace's latest month with the parts."""
    latest: dict[str, Any] = {}
    for r in sorted(rows, key=lambda r: r.month):
        if r.short_term is not None or r.long_term is not None:
            latest[r.workplace] = r
    workplaces = sorted(latest)
    fig = go.Figure()
    for key, colour in (("short_term", "#0b5cad"), ("long_term", "#c2410c")):
        values = [getattr(latest[w], key) for w in workplaces]
        fig.add_trace(
            go.Bar(
                y=[f"{w} ({latest[w].month:%Y-%m})" for w in workplaces],
                x=values,
                orientation="h",
                name=t(f"figures.{key}", lang),
                marker={"color": colour},
                text=[f"{v:.1f}" if v is not None else "" for v in values],
                textposition="outside",
            )
        )
    fig.update_xaxes(title={"text": t("figures.axis", lang)}, rangemode="tozero", gridcolor="#e5e7eb", fixedrange=True)
    fig.update_yaxes(autorange="reversed", fixedrange=True)
    fig.update_layout(barmode="group", title={"text": t("figures.split_title", lang)})
    return layout(fig, height)
