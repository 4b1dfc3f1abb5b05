"""Plotly figures for the projector, from aggregated results. Pure: data in, figure out."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from brobygger.groups import Groups, default_groups, group_label
from brobygger.i18n import t
from brobygger.localised import LocalText

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


def group_colours(summary: dict[str, Any]) -> dict[str, str]:
    """A colour per group, in the programme's order (Bifrost: advisors blue, companies orange)."""
    colours = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(summary["groups"]) if g != "none"}
    colours["none"] = NO_GROUP_COLOUR
    return colours


REGION_COLOURS = ["#dbeafe", "#fde7d9", "#dcfce7", "#f3e8ff", "#fef9c3", "#e5e7eb"]
FONT = {"family": "Inter, Segoe UI, Roboto, sans-serif", "size": 22, "color": "#111827"}


def _text(value: LocalText | None, lang: str, fallback: str) -> str:
    return value.get(lang, fallback) if value is not None else ""


def _wrap(text: str, width: int = 38) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > width and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines[:3]) + ("…" if len(lines) > 3 else "")


def _layout(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 20, "r": 20, "t": 20, "b": 20},
        font=FONT,
        paper_bgcolor="white",
        plot_bgcolor="white",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0, "font": {"size": 20}},
        uirevision="keep",
    )
    return fig


def placement_figure(
    defn: Any,
    summary: dict[str, Any],
    lang: str,
    fallback: str = "en",
    height: int = 760,
    groups: Groups | None = None,
    earlier: dict[str, dict[str, float]] | None = None,
) -> go.Figure:
    """The plane with its named regions, everyone's point coloured by group, lines to where they want
    to be, and (with `earlier`) a dotted line from where each person stood at an earlier meeting."""
    fig = go.Figure()
    colours, groups = group_colours(summary), groups or default_groups()
    if earlier:
        for group in summary["groups"]:
            moved = [p for p in summary["points"] if p["group"] == group and p["pseudonym"] in earlier]
            if not moved:
                continue
            xs, ys = [], []
            for p in moved:
                before = earlier[p["pseudonym"]]
                xs += [before["x"], p["now"]["x"], None]
                ys += [before["y"], p["now"]["y"], None]
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    line={"color": colours[group], "width": 3, "dash": "dot"},
                    opacity=0.7,
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
            fig.add_trace(
                go.Scatter(
                    x=[earlier[p["pseudonym"]]["x"] for p in moved],
                    y=[earlier[p["pseudonym"]]["y"] for p in moved],
                    mode="markers",
                    hoverinfo="skip",
                    showlegend=False,
                    marker={"size": 14, "symbol": "circle-open", "color": colours[group], "line": {"width": 2}},
                )
            )
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
            text=f"<b>{_text(region.label, lang, fallback)}</b>  ({count})",
            font={"size": 24, "color": "#1f2937"},
        )
    # Now -> wanted as one line trace per group (segments split by None) and a small marker at the
    # wanted end: a few traces instead of one annotation per person, so 300 people draw at once.
    for group in summary["groups"]:
        moves = [p for p in summary["points"] if p["group"] == group and p["wanted"]]
        if not moves:
            continue
        xs, ys = [], []
        for p in moves:
            xs += [p["now"]["x"], p["wanted"]["x"], None]
            ys += [p["now"]["y"], p["wanted"]["y"], None]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": colours[group], "width": 2},
                opacity=0.45,
                hoverinfo="skip",
                showlegend=False,
            )
        )
        fig.add_trace(
            go.Scatter(
                x=[p["wanted"]["x"] for p in moves],
                y=[p["wanted"]["y"] for p in moves],
                mode="markers",
                hoverinfo="skip",
                showlegend=False,
                marker={"size": 11, "symbol": "circle-open", "color": colours[group], "line": {"width": 3}},
                opacity=0.7,
            )
        )
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
    fig.update_xaxes(
        **axis,
        title={
            "text": f"{_text(x.low, lang, fallback)}  ←  <b>{_text(x.label, lang, fallback)}</b>  →  {_text(x.high, lang, fallback)}"
        },
    )
    fig.update_yaxes(**axis, title={"text": f"<b>{_text(y.label, lang, fallback)}</b>  →"})
    # The y axis is short on a wide screen: its ends are written inside the plane, top and bottom left.
    for value, anchor, text in (
        (1.0, "top", f"↑ {_text(y.high, lang, fallback)}"),
        (0.0, "bottom", f"↓ {_text(y.low, lang, fallback)}"),
    ):
        fig.add_annotation(
            x=0.005, y=value, xanchor="left", yanchor=anchor, showarrow=False, text=text, font={"size": 18, "color": "#4b5563"}
        )
    return _layout(fig, height)


def matrix_figure(
    defn: Any,
    summary: dict[str, Any],
    lang: str,
    fallback: str = "en",
    height: int = 760,
    groups: Groups | None = None,
    earlier: tuple[str, dict[str, Any]] | None = None,
) -> go.Figure:
    """One row per statement: each scale's mean by group, and each scale's overall mean labelled."""
    fig = go.Figure()
    colours, groups = group_colours(summary), groups or default_groups()
    labels = [f"{i + 1}. {_wrap(_text(s.label, lang, fallback))}" for i, s in enumerate(defn.statements)]
    symbols = ["circle", "diamond"]
    for s_index, scale in enumerate(defn.scales):
        for group in summary["groups"]:
            means = [row["scales"][scale.id]["by_group"][group]["mean"] for row in summary["statements"]]
            if all(m is None for m in means):
                continue
            fig.add_trace(
                go.Scatter(
                    x=means,
                    y=labels,
                    mode="markers",
                    legendgroup=scale.id,
                    legendgrouptitle_text=_text(scale.label, lang, fallback) or scale.id,
                    name=group_label(groups, group, lang, fallback, pooled=True),
                    marker={
                        "size": 24,
                        "symbol": symbols[s_index],
                        "color": colours[group],
                        "line": {"color": "white", "width": 2},
                        "opacity": 0.9 if s_index == 0 else 0.6,
                    },
                )
            )
        overall = [row["scales"][scale.id]["mean"] for row in summary["statements"]]
        fig.add_trace(
            go.Scatter(
                x=overall,
                y=labels,
                mode="markers+text",
                legendgroup=scale.id,
                name=t("chart.all", lang),
                text=[f"{m:.1f}" if m is not None else "" for m in overall],
                textposition="top center",
                marker={"size": 14, "symbol": symbols[s_index] + "-open", "color": "#111827", "line": {"width": 3}},
            )
        )
    if earlier:
        label, before = earlier
        for s_index, scale in enumerate(defn.scales):
            means = [row["scales"][scale.id]["mean"] for row in before["statements"]]
            fig.add_trace(
                go.Scatter(
                    x=means,
                    y=labels,
                    mode="markers",
                    legendgroup=scale.id,
                    name=f"{label}: {t('chart.all', lang)}",
                    marker={"size": 14, "symbol": symbols[s_index] + "-open", "color": "#9ca3af", "line": {"width": 3}},
                )
            )
    lo, hi = min(s.min for s in defn.scales), max(s.max for s in defn.scales)
    fig.update_xaxes(range=[lo - 0.3, hi + 0.3], dtick=1, gridcolor="#e5e7eb", fixedrange=True)
    fig.update_yaxes(autorange="reversed", fixedrange=True, automargin=True, tickfont={"size": 18})
    return _layout(fig, height).update_layout(
        legend={"orientation": "v", "x": 1.01, "y": 1, "yanchor": "top", "font": {"size": 18}}
    )


def _bars(
    labels: list[str],
    by_group: dict[str, list[float]],
    lang: str,
    height: int,
    summary: dict[str, Any],
    groups: Groups | None,
    fallback: str = "en",
) -> go.Figure:
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
                textfont={"size": 22, "color": "white"},
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed", fixedrange=True, automargin=True)
    fig.update_xaxes(gridcolor="#e5e7eb", fixedrange=True, dtick=1)
    return _layout(fig, height)


def choice_figure(
    defn: Any, summary: dict[str, Any], lang: str, fallback: str = "en", height: int = 700, groups: Groups | None = None
) -> go.Figure:
    labels = [_wrap(_text(o.label, lang, fallback), 40) for o in defn.options]
    counts = summary["counts"]
    return _bars(
        labels, {g: [counts[o.id][g] for o in defn.options] for g in summary["groups"]}, lang, height, summary, groups, fallback
    )


def scale_figure(
    defn: Any, summary: dict[str, Any], lang: str, fallback: str = "en", height: int = 700, groups: Groups | None = None
) -> go.Figure:
    scale = defn.scale
    values = list(range(scale.min, scale.max + 1))
    labels = [f"{v}" for v in values]
    labels[0] += f" {_text(scale.low, lang, fallback)}"
    labels[-1] += f" {_text(scale.high, lang, fallback)}"
    by_group = {g: [summary["by_group"][g]["distribution"].get(v, 0) for v in values] for g in summary["groups"]}
    return _bars(labels, by_group, lang, height, summary, groups, fallback)


def ranking_figure(
    defn: Any, summary: dict[str, Any], lang: str, fallback: str = "en", height: int = 700, groups: Groups | None = None
) -> go.Figure:
    names = {i.id: _wrap(_text(i.label, lang, fallback), 40) for i in defn.items}
    fig = go.Figure(
        go.Bar(
            y=[names[i["id"]] for i in summary["items"]],
            x=[i["mean_rank"] or 0 for i in summary["items"]],
            orientation="h",
            marker_color="#0b5cad",
            text=[f"{i['mean_rank']:.1f}" if i["mean_rank"] else "" for i in summary["items"]],
            textposition="inside",
            textfont={"size": 24, "color": "white"},
        )
    )
    fig.update_yaxes(autorange="reversed", fixedrange=True, automargin=True)
    fig.update_xaxes(title={"text": t("chart.mean_rank", lang)}, fixedrange=True, range=[0, len(defn.items) + 0.5])
    return _layout(fig, height)


def evaluation_figure(
    defn: Any, summary: dict[str, Any], lang: str, fallback: str = "en", height: int = 700, groups: Groups | None = None
) -> go.Figure:
    labels = [_wrap(_text(i.label, lang, fallback), 44) for i in defn.items]
    means = [row["mean"] or 0 for row in summary["items"]]
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=means,
            orientation="h",
            marker_color="#0b5cad",
            text=[f"{m:.1f}" if m else "" for m in means],
            textposition="inside",
            textfont={"size": 22, "color": "white"},
        )
    )
    fig.update_yaxes(autorange="reversed", fixedrange=True, automargin=True)
    fig.update_xaxes(range=[0, defn.scale.max + 0.2], fixedrange=True, dtick=1)
    return _layout(fig, height)


FIGURES = {
    "placement": placement_figure,
    "matrix": matrix_figure,
    "choice": choice_figure,
    "scale": scale_figure,
    "ranking": ranking_figure,
    "evaluation": evaluation_figure,
}


def figure_for(
    defn: Any,
    summary: dict[str, Any],
    lang: str,
    fallback: str = "en",
    height: int = 760,
    groups: Groups | None = None,
    earlier: Any = None,
) -> go.Figure | None:
    """The projector's chart for an exercise, or None for types shown as text (text, actions)."""
    if defn.type == "placement":
        return placement_figure(defn, summary, lang, fallback, height, groups, earlier)
    if defn.type == "matrix":
        return matrix_figure(defn, summary, lang, fallback, height, groups, earlier)
    maker = FIGURES.get(defn.type)
    return maker(defn, summary, lang, fallback, height, groups) if maker else None


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
                name=_wrap(_text(label, lang, fallback), 40),
                line={"color": PALETTE[i % len(PALETTE)]},
            )
        )
    fig.update_yaxes(fixedrange=True, gridcolor="#e5e7eb")
    fig.update_xaxes(fixedrange=True)
    return _layout(fig, height).update_layout(
        font={"size": 14}, legend={"orientation": "v", "x": 1.01, "y": 1, "font": {"size": 12}}
    )


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
    return _layout(fig, height)
